from newsprobe.textnorm import normalize_for_matching


def test_textnorm_keeps_length_and_straightens_marks():
    text = "“Hi,” she said\u00a0— ‘really’\u200b"
    out = normalize_for_matching(text)
    assert len(out) == len(text)
    assert out.startswith('"Hi," she said - \'really\'')


def test_textnorm_surrogates_and_terminal_escapes():
    from newsprobe.textnorm import printable, replace_lone_surrogates

    assert replace_lone_surrogates("a\ud800b") == "a\ufffdb"
    assert printable("ok\x1b[31mred\nline") == "ok\ufffd[31mred\nline"


def test_textnorm_reveals_bidi_and_zero_width_characters_for_display_only():
    from newsprobe.textnorm import invisible_chars, printable, reveal_invisible

    # a "Trojan Source" style line: the override makes the minister's name read backwards
    text = "Minister \u202eanneH\u202c said: pay\u200bment due\ufeff"
    shown = reveal_invisible(text)
    assert "<U+202E RLO>" in shown and "<U+202C PDF>" in shown
    assert "pay<U+200B ZWSP>ment" in shown and shown.endswith("<U+FEFF BOM>")
    assert not any(ch in shown for ch in "\u202e\u202c\u200b\ufeff")
    found = list(invisible_chars(text))
    assert [(s, e) for s, e, _ in found] == [(9, 10), (15, 16), (26, 27), (35, 36)]
    assert all(text[s] in "\u202e\u202c\u200b\ufeff" for s, _, _ in found)
    assert [name for _, _, name in found] == ["RLO", "PDF", "ZWSP", "BOM"]
    # the terminal path reveals them too, and still neutralises escapes
    assert printable("\x1b[2J\u2067x\u2069") == "\ufffd[2J<U+2067 RLI>x<U+2069 PDI>"
    # every listed character, and nothing else, is revealed
    for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff":
        assert reveal_invisible(ch).startswith("<U+")
    assert reveal_invisible("Grüße, “quoted” — ok") == "Grüße, “quoted” — ok"


def test_text_lines_trims_skips_blank_lines_and_keeps_offsets():
    from newsprobe.textnorm import text_lines

    text = "  Title line \n\n \t\nBody one.\nBody two.  \n"
    spans = list(text_lines(text))
    assert [text[s:e] for s, e in spans] == ["Title line", "Body one.", "Body two."]
    assert text.count("\n", spans[0][1], spans[1][0]) >= 2 and text.count("\n", spans[1][1], spans[2][0]) == 1
    assert list(text_lines("")) == [] and list(text_lines("no newline")) == [(0, 10)]
