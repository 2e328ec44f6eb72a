from newsprobe.textnorm import normalize_for_matching


def test_textnorm_keeps_length_and_straightens_marks():
    text = "“Hi,” she said\u00a0— ‘really’\u200b"
    out = normalize_for_matching(text)
    assert len(out) == len(text)
    assert out.startswith('"Hi," she said - \'really\'')
