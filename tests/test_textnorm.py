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
