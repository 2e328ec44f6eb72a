"""Training code: everything ``newsprobe train ...`` runs, kept out of the inference path.

Inference modules (``newsprobe.ml``, ``newsprobe.stages``, ``newsprobe.factchecks``) never import
this package (``tests/test_layering.py`` checks it); trainers import them freely.

- :mod:`.claims`: the check-worthy claims model;
- :mod:`.techniques` (+ :mod:`.techniques_data`, :mod:`.techniques_rescoring`,
  :mod:`.techniques_semeval`): the persuasion-techniques model on PTC;
- :mod:`.hedges`: the hedge-cue classifier;
- :mod:`.attribution`: the attribution-cue classifier of the quotes stage (PolNeAR train[300:]);
- :mod:`.factchecks` (+ :mod:`.factchecks_data`, :mod:`.factchecks_cross`, and the torch parts
  :mod:`.factchecks_torch`, :mod:`.factchecks_cross_torch`): the fact-check encoder, re-ranker
  and optional cross-encoder.

Torch is needed only by the ``*_torch`` modules (``pip install -r requirements-train.txt``).
"""
