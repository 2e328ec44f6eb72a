"""Who a document speaks for, for the quotes stage: "the memo says" after "a memo written by
deputy director Ana Ruiz" is Ana Ruiz's; "the report warns" after "a report by the Harbor
Policy Institute" is the institute's (``speaker_via`` "description", the words "the memo" as the
evidence; docs/quotes.md, Version 35). Only an owner the text names: the same noun before, in
the same story, with an owner by name (a possessive, "by"/"from", "written/prepared/released
by", the subject of issuing it, or of saying something in it: "the ministry said in a
statement"). Otherwise the document stays the speaker, as written."""

from __future__ import annotations

import bisect
from typing import Any, Callable

from .quote_cues import SPEECH_VERBS
from .quote_people import AUTHORED_DOCUMENTS, ISSUING_VERBS, is_person_noun, issues_document
from .quote_pronouns import Speaker, StoryIndex

#: Documents that speak for whoever wrote, issued or paid for them.
OWNED_DOCUMENTS = frozenset(
    """memo memorandum report study letter statement ad advertisement complaint filing lawsuit brief analysis
    review audit survey release announcement email note""".split()
)
#: What a body puts out that a later "it said" may quote: a statement, a letter, a report, a study (v66).
_PUT_OUT = AUTHORED_DOCUMENTS | OWNED_DOCUMENTS
#: Verbs of making a document whose agent ("by X") or subject owns it.
_MAKING_VERBS = ISSUING_VERBS | frozenset("write prepare commission compile produce author pay fund sponsor bring".split())
#: Tokens searched back for an earlier mention of the document (bounds work on long pages).
_LOOK_BACK_TOKENS = 2000


def _agent(verb: Any) -> Any | None:
    """The "by" object of a making verb ("written by X", "paid for by X")."""
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            return next((g for g in c.children if g.dep_ == "pobj"), None)
        if c.dep_ == "prep" and c.lower_ == "for":  # "paid for by"
            found = _agent(c)
            if found is not None:
                return found
    return None


def owner_token(doc_tok: Any) -> Any | None:
    """The token naming who owns one mention of a document, or None."""
    for c in doc_tok.children:
        if c.dep_ == "poss" and c.pos_ == "PROPN":
            return c
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
        if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in _MAKING_VERBS:
            found = _agent(c)
            if found is not None:
                return found
    head = doc_tok.head
    if head.lemma_.lower() in _MAKING_VERBS and head.pos_ in ("VERB", "AUX"):
        if doc_tok.dep_ == "nsubjpass":  # "The memo was written by X"
            return _agent(head)
        if doc_tok.dep_ == "dobj":  # "X released a report", "X began running an ad"
            verb = head.head if head.dep_ == "xcomp" and not any(c.dep_ == "nsubj" for c in head.children) else head
            return next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return None


def said_in(doc_tok: Any) -> Any | None:
    """The subject of a verb that says something in the document ("the ministry said in a
    statement"): a weaker link than an owner, since a story may hold several statements."""
    head = doc_tok.head
    if doc_tok.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ == "VERB" and head.head.lemma_.lower() in SPEECH_VERBS:
        return next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    return None


class DocumentResolution:
    """Mixin for ``quote_speakers.SpeakerResolver``: a document's owner."""

    tokens: list[tuple[int, Any]]
    token_starts: list[int]
    in_quote: Callable[[int], bool]

    def story_at(self, offset: int) -> StoryIndex:
        raise NotImplementedError

    def entity_at(self, start: int, end: int) -> Any:
        raise NotImplementedError

    def name_of(self, ent: Any) -> str:
        raise NotImplementedError

    def _document_owner(self, tok: Any, offset: int, start: int, end: int) -> Speaker | None:
        """ "the memo" (a definite document noun with no owner of its own) -> the person or
        organisation the story named as its owner at an earlier mention; else None."""
        lemma = tok.lemma_.lower()
        if lemma not in OWNED_DOCUMENTS or tok.tag_ == "NNS" or owner_token(tok) is not None or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            return None
        story = self.story_at(start)
        k = bisect.bisect_left(self.token_starts, offset + tok.idx)
        owners: list[tuple[str, str, bool]] = []  # (name, kind, weak link), nearest first
        for j in range(k - 1, max(-1, k - _LOOK_BACK_TOKENS), -1):
            off, t = self.tokens[j]
            at = off + t.idx
            if at < story.start:
                break
            if t.lemma_.lower() != lemma or t.pos_ != "NOUN" or self.in_quote(at):
                continue
            while t.dep_ == "compound" and t.head.i > t.i:  # "an email fundraising appeal": the appeal is the document
                t = t.head
            owner = owner_token(t)
            weak = owner is None and (owner := said_in(t)) is not None
            if owner is None and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in t.children):
                break  # a document brought in with no owner: the one meant, most likely
            if owner is None:
                continue
            o_at = off + owner.idx
            ent = self.entity_at(o_at, o_at + len(owner.text))
            named = ent is not None and ent.end > o_at and ent.label in ("PERSON", "ORG")
            if named or not weak:
                owners.append((self.name_of(ent), "person" if ent.label == "PERSON" else "org", weak) if named else (owner.text, "", weak))
        if not owners or not owners[0][1]:
            return None  # the nearest owner is not a name the entities know: keep the document
        names = list(dict.fromkeys(o[0] for o in owners))
        # two owners of such documents in the story ("Ruiz wrote a letter; Lind sent one too"), or
        # only "X said in a statement" before: a guess
        doubt = len(names) > 1 or owners[0][2]
        return Speaker(names[0], owners[0][1], start, end, via="description", uncertain=doubt, candidates=tuple(names[:3]) if len(names) > 1 else ())

    def resolve(self, tok: Any, offset: int) -> Speaker:
        raise NotImplementedError

    def _sentence_start(self, pos: int) -> int:
        raise NotImplementedError

    def issuer_before(self, start: int, end: int, lo: int, lower: str) -> tuple[int, Speaker] | None:
        """(offset, speaker) of the organisation or group that put out a statement in the latest
        main clause from ``lo`` on that did ("The Prime Minister's office released a statement.":
        a later '"...," it said' is the office's; "The ministry and the police issued a joint
        statement": a "they"), in the pronoun's sentence or the one before, when it agrees with the
        pronoun ``lower`` and is no person or pronoun; else None (v66)."""
        here = self._sentence_start(start)  # the pronoun's sentence or the one before it, no earlier
        lo = max(lo, self._sentence_start(max(0, here - 1)) if here > 0 else 0)
        a, b = bisect.bisect_left(self.token_starts, lo), bisect.bisect_left(self.token_starts, start)
        for off, tok in reversed(self.tokens[max(a, b - 200) : b]):
            verb = tok.head
            if tok.dep_ != "dobj" or verb.dep_ not in ("ROOT", "conj") or self.in_quote(off + tok.idx) or not issues_document(verb, tok, _PUT_OUT) or tok.tag_ == "NNS":
                continue
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.pos_ == "PRON":
                return None
            parts = [subj, *(c for c in subj.children if c.dep_ == "conj")]
            if (lower == "it") == (len(parts) > 1 or subj.tag_ in ("NNS", "NNPS")):
                return None
            found = [self.resolve(p, off) for p in parts]
            if any(not f.name or f.kind not in ("org", "group", "role") or f.uncertain or (lower == "it" and is_person_noun(p)) for f, p in zip(found, parts)):
                return None
            name = " and ".join(f.name or "" for f in found)
            return off + subj.idx, Speaker(name, "org" if len(found) == 1 and found[0].kind == "org" else "group", start, end, via="pronoun")
        return None
