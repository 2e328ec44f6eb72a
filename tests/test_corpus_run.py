"""``corpus run`` and ``corpus status``: failures recorded and the run going on, resume after a
kill -9, nothing lost and nothing twice, status keys. Most tests share one in-process Dask
cluster (one worker thread); the crash test runs the real command with worker processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from newsprobe.corpus.runner import run_corpus
from newsprobe.corpus.status import corpus_status
from newsprobe.errors import NewsprobeError

from .conftest import ROOT

LIGHT = "parse,furniture,stories"
PLACES = ["Kessling", "Orrin", "Dellmore", "Fenwick", "Marlow", "Tarsby"]
THINGS = ["the ferry pier", "a new school roof", "the tram depot", "the town library", "a flood barrier", "the market hall"]


def article_text(i: int) -> str:
    """Our own short news text, different for every ``i``."""
    place, thing = PLACES[i % len(PLACES)], THINGS[(i // len(PLACES)) % len(THINGS)]
    return (f"Work on {thing} in {place} starts in week {i % 50 + 1}\n\n"
            f"The council of {place} approved {i * 7 % 900 + 100} thousand euros for {thing} on Tuesday. "
            f"\"We have waited {i % 9 + 2} years for this,\" said councillor Edda Holm. "
            f"Residents will be able to comment on the plans until the end of the month, officials said.")


def write_corpus(path, n: int, *, bad_every: int = 0) -> list[str]:
    """JSON Lines with ids ``d0..``; every ``bad_every``-th line malformed. Returns the good ids."""
    ids = []
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            if bad_every and i % bad_every == bad_every - 1:
                f.write("{this line is not JSON\n")
                continue
            f.write(json.dumps({"id": f"d{i}", "text": article_text(i), "outlet": f"Site {i % 3}"}) + "\n")
            ids.append(f"d{i}")
    return ids


def stored_ids(store: str) -> list[str]:
    con = duckdb.connect(store, read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=False,  # inproc: its
                           dashboard_address="127.0.0.1:0", worker_dashboard_address="127.0.0.1:0")  # HTTP: loopback
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_run_stores_every_document_and_records_failures(tmp_path, client):
    corpus = tmp_path / "c.jsonl"
    good = write_corpus(corpus, 12, bad_every=5)
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02" * 300)
    store = str(tmp_path / "s.duckdb")
    seen = []
    summary = run_corpus([str(corpus), str(tmp_path / "empty.jsonl"), str(tmp_path / "blob.bin")], store,
                         client=client, stages=LIGHT, batch_size=3, clusters=False, on_failure=seen.append)
    assert summary.completed and summary.analysed == len(good) == 10
    assert summary.input_failures == 3  # two malformed lines and the binary file
    assert sorted(stored_ids(store)) == sorted(good)
    assert any("not valid JSON" in f.message for f in seen) and any("binary" in f.message for f in seen)
    st = corpus_status(store)
    assert (st.done, st.failed, st.pending) == (10, 3, 0)
    con = duckdb.connect(store, read_only=True)
    assert con.execute("SELECT count(*) FROM failures").fetchone()[0] == 3
    assert con.execute("SELECT finished_at IS NOT NULL, n_ok FROM runs").fetchone() == (True, 10)
    con.close()
    # a second run skips what is stored, and retries what failed (it fails again)
    again = run_corpus([str(corpus)], store, client=client, stages=LIGHT, batch_size=3, clusters=False)
    assert (again.analysed, again.skipped, again.input_failures) == (0, 10, 2)
    assert sorted(stored_ids(store)) == sorted(good)


def test_stage_failures_are_recorded_and_the_articles_kept(tmp_path, client):
    from newsprobe.settings import load_settings

    corpus = tmp_path / "c.jsonl"
    good = write_corpus(corpus, 4)
    store = str(tmp_path / "s.duckdb")
    tight = load_settings(doc_time_budget=1e-9)  # every document runs out of time after its first stage
    summary = run_corpus([str(corpus)], store, settings=tight, client=client, stages=LIGHT, clusters=False)
    assert summary.analysed == 4 and summary.stage_failures >= 4
    assert sorted(stored_ids(store)) == sorted(good)
    con = duckdb.connect(store, read_only=True)
    assert con.execute("SELECT count(*) FROM failures WHERE message LIKE 'stage %'").fetchone()[0] >= 4
    con.close()


def test_a_batch_that_fails_on_its_worker_fails_its_documents_only(tmp_path, client, monkeypatch):
    from newsprobe.corpus import worker

    real = worker.analyse_batch

    def flaky(docs, settings):
        if any(d.article.id == "d2" for d in docs):
            raise MemoryError("the worker ran out of memory")
        return real(docs, settings)

    monkeypatch.setattr(worker, "analyse_batch", flaky)
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 6)
    store = str(tmp_path / "s.duckdb")
    summary = run_corpus([str(corpus)], store, client=client, stages=LIGHT, batch_size=2, clusters=False)
    assert summary.batch_failures == 2 and summary.analysed == 4
    st = corpus_status(store)
    assert (st.done, st.failed, st.pending) == (4, 2, 0)
    assert "out of memory" in st.failures[0]["message"]
    monkeypatch.setattr(worker, "analyse_batch", real)
    again = run_corpus([str(corpus)], store, client=client, stages=LIGHT, batch_size=2, clusters=False)
    assert again.analysed == 2 and corpus_status(store).failed == 0


def test_warc_gz_run_keeps_record_ids_and_urls(tmp_path, client):
    from .test_corpus_sources import _write_warc

    crawl = tmp_path / "crawl.warc.gz"
    _write_warc(crawl, gzip_it=True)
    store = str(tmp_path / "s.duckdb")
    summary = run_corpus([str(crawl)], store, client=client, stages=LIGHT, clusters=False)
    assert (summary.analysed, summary.input_failures) == (2, 1)  # the navigation-only page fails
    con = duckdb.connect(store, read_only=True)
    rows = con.execute("SELECT id, url FROM articles ORDER BY url").fetchall()
    con.close()
    # the same page from two sites: two articles, each under its WARC-Record-ID
    assert [u for _, u in rows] == ["https://courier.example/ferry", "https://mirror.example/ferry-copy"]
    assert all(i.startswith("<urn:uuid:") for i, _ in rows) and rows[0][0] != rows[1][0]
    # pages are decoded and extracted on the workers; one found unreadable there is failed, not pending
    status = corpus_status(store)
    assert (status.done, status.failed, status.pending) == (2, 1, 0)
    assert any("urn:uuid" in f.source for f in summary.failures)


def test_unknown_stage_and_no_inputs_are_one_line_errors(tmp_path, client):
    with pytest.raises(NewsprobeError, match="unknown stage"):
        run_corpus([str(tmp_path)], str(tmp_path / "s.duckdb"), client=client, stages="parse,bogus")
    with pytest.raises(NewsprobeError, match="no inputs"):
        run_corpus([], str(tmp_path / "s.duckdb"), client=client)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsprobe", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def test_kill_9_mid_run_then_resume_loses_nothing_and_doubles_nothing(tmp_path):
    corpus = tmp_path / "big.jsonl"
    good = write_corpus(corpus, 120, bad_every=40)
    store = str(tmp_path / "s.duckdb")
    args = _cli("corpus", "run", str(corpus), "--store", store, "--workers", "1", "--stages", LIGHT,
                "--batch-size", "2", "--no-clusters", "-q")
    # the store is let go every 0.2 s (not every 5 s) so that the status reader sees the run mid-way
    proc = subprocess.Popen(args, env={**_env(), "NEWSPROBE_STORE_HOLD": "0.2"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    done = 0
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.5)
            try:
                done = corpus_status(store).done
            except NewsprobeError:  # not created yet, or held by the writer past the wait
                continue
            if done >= 10:
                break
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the driver and its workers, like a power cut
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-2000:] if proc.stderr else ""
    assert 10 <= done < len(good), "the run was not killed mid-way"
    mid = corpus_status(store)
    assert mid.last_run["finished_at"] is None and mid.pending > 0
    assert mid.done + mid.failed + mid.pending == 120  # counted first: unread records are pending
    out = subprocess.run(args, env=_env(), capture_output=True, text=True, timeout=600)
    assert out.returncode == 1, out.stderr[-2000:]  # the malformed lines fail (again)
    ids = stored_ids(store)
    assert len(ids) == len(set(ids)) == len(good) and set(ids) == set(good)
    status = json.loads(subprocess.run(_cli("corpus", "status", "--store", store, "--format", "json"), env=_env(),
                                       capture_output=True, text=True, timeout=120).stdout)
    assert {"done", "failed", "pending"} <= set(status)
    assert (status["done"], status["failed"], status["pending"]) == (len(good), 120 - len(good), 0)


def test_batches_shrink_near_the_end_so_workers_finish_together():
    from newsprobe.corpus.runner import _batches, batch_size_for

    assert batch_size_for(None, 32, 2) == 32  # not counted: always full batches
    assert batch_size_for(1000, 32, 2) == 32
    assert batch_size_for(40, 32, 2) == 10
    assert batch_size_for(3, 32, 2) == 4 and batch_size_for(0, 32, 2) == 4
    assert batch_size_for(100, 2, 2) == 2  # never above the setting
    total = 100
    sizes = [len(b) for b in _batches(((str(i), None) for i in range(total)),  # type: ignore[misc]
                                      lambda read: batch_size_for(total - read, 32, 2))]
    assert sum(sizes) == total and sizes[0] == 25 and sizes[-1] <= 4
    assert sizes == sorted(sizes, reverse=True)


def _malloc_trim() -> str | None:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def test_local_workers_keep_glibcs_adaptive_malloc(monkeypatch):
    # Dask's nannies set MALLOC_TRIM_THRESHOLD_=65536 by default, which made the analysis
    # 12-16% slower in a worker than in one process; our local cluster leaves it unset
    from newsprobe.corpus.runner import dask_client

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    with dask_client(1) as c:
        assert set(c.run(_malloc_trim).values()) == {None}
        assert set(c.nthreads().values()) == {1}


def _log_length() -> int:
    import dask

    return dask.config.get("distributed.admin.low-level-log-length")


def test_dask_keeps_few_sent_messages_so_the_driver_does_not_hold_old_batches():
    # every batched stream keeps its last messages as sent; a message to a worker holds a whole
    # batch of articles, so with Dask's default (1,000) the driver held tens of thousands of them
    from newsprobe.corpus.runner import LOW_LEVEL_LOG, dask_client

    assert LOW_LEVEL_LOG <= 10
    with dask_client(1) as c:
        worker_streams = list(c.cluster.scheduler.stream_comms.values())
        assert worker_streams and all(b.recent_message_log.maxlen == LOW_LEVEL_LOG for b in worker_streams)
        assert c.scheduler_comm.recent_message_log.maxlen == LOW_LEVEL_LOG  # the client's own stream
        assert set(c.run(_log_length).values()) == {LOW_LEVEL_LOG}  # the workers' logs


def test_the_driver_holds_the_store_briefly_and_lets_it_go(tmp_path):
    from newsprobe.corpus.runner import CorpusSink
    from newsprobe.settings import Settings
    from newsprobe.store import EncodedArticles, Store

    store = str(tmp_path / "s.duckdb")
    sink = CorpusSink(store, [str(tmp_path / "in.jsonl")], None, hold=3600)
    sink.start("corpus run test", Settings())
    assert sink._db is not None  # held: the next batch does not pay for a close and an open
    with sink._open() as db:
        assert db is sink._db
    sink.release()
    assert sink._db is None
    with Store(store, read_only=True) as reader:  # released: a reader gets in
        assert reader.count("runs") == 1
    quick = CorpusSink(store, [str(tmp_path / "in.jsonl")], None, hold=0)
    quick.run_id = "r"
    quick.write_results(EncodedArticles([]), [])
    assert quick._db is None  # hold 0: closed after each use


def test_the_drivers_store_connection_has_a_memory_limit(tmp_path):
    # without one, the checkpoint that closing the store makes used memory growing with the store
    from newsprobe.corpus.runner import CorpusSink
    from newsprobe.errors import NewsprobeError
    from newsprobe.settings import Settings

    sink = CorpusSink(str(tmp_path / "s.duckdb"), [str(tmp_path / "in.jsonl")], None, memory="96MB")
    sink.start("corpus run test", Settings())
    limit = sink._db.con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    assert limit.replace(" ", "").upper() in ("96.0MB", "96MB", "91.5MIB", "91.5MB"), limit
    sink.release()
    with pytest.raises(NewsprobeError, match="store_write_memory"):
        run_corpus([str(tmp_path / "in.jsonl")], str(tmp_path / "s.duckdb"), settings=Settings().with_(store_write_memory="lots"))


def test_the_driver_lets_the_store_go_while_it_waits_past_the_hold(tmp_path):
    from newsprobe.corpus.runner import CorpusSink
    from newsprobe.settings import Settings
    from newsprobe.store import Store

    store = str(tmp_path / "s.duckdb")
    sink = CorpusSink(store, [str(tmp_path / "in.jsonl")], None, hold=3600)
    sink.start("corpus run test", Settings())
    sink.wait_until(lambda: True)  # a result is ready: written without a close and an open
    assert sink._db is not None
    short = CorpusSink(store, [str(tmp_path / "in.jsonl")], None, hold=0.05)
    sink.release()
    short.start("corpus run test", Settings())
    polls = []
    short.wait_until(lambda: bool(polls.append(1)))  # nothing ready: after the hold the store is let go
    assert short._db is None and len(polls) >= 2
    with Store(store, read_only=True) as reader:
        assert reader.count("runs") == 2
    short.wait_until(lambda: False)  # nothing held: returns at once (the caller blocks on its futures)


def test_language_detection_left_to_the_workers_gives_the_same_meta(tmp_path, client):
    from newsprobe.ingest import read_documents
    from newsprobe.language import deferred_detection

    corpus = tmp_path / "mixed.jsonl"
    records = [
        {"id": "en1", "text": article_text(3)},
        {"id": "de1", "text": "Der Stadtrat von Kessling hat am Dienstag die neue Fährlinie beschlossen. "
                              "Die Anwohner können bis Ende des Monats Einwände erheben, sagte die Sprecherin.",
         "language": "de-DE"},
        {"id": "short", "text": "Ok.", "language": "fr"},
    ]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    with deferred_detection():
        deferred = [d.article for d in read_documents([str(corpus)])]
    assert all("language_hint" in a.meta and "language_confidence" not in a.meta for a in deferred)
    direct = {d.article.meta["record_id"]: d.article.meta for d in read_documents([str(corpus)])}
    store = str(tmp_path / "s.duckdb")
    run_corpus([str(corpus)], store, client=client, stages="furniture", clusters=False)  # no English-only stage
    con = duckdb.connect(store, read_only=True)
    docs = {i: json.loads(d)["meta"] for i, d in con.execute("SELECT id, document FROM articles").fetchall()}
    con.close()
    assert set(docs) == {"en1", "de1", "short"}
    for rid, meta in docs.items():
        assert "language_hint" not in meta
        for key in ("language", "language_confidence", "language_evidence"):
            assert meta.get(key) == direct[rid].get(key), (rid, key)
    assert docs["de1"]["language"] == "de" and docs["en1"]["language"] == "en"


def test_the_drivers_memory_limit_never_fails_a_checkpoint_of_long_documents(tmp_path):
    # DuckDB rewrites the newest row group when it checkpoints, and that takes memory growing
    # with it: under the driver's limit it failed with a FATAL error (here at once, with 16MB)
    import numpy as np

    from newsprobe.corpus.runner import CorpusSink
    from newsprobe.corpus.status import InputRow
    from newsprobe.settings import Settings
    from newsprobe.store import EncodedArticles, Store, span_columns

    words = ["harbour", "council", "budget", "ferry", "tariff", "storm", "vote", "school", "bridge", "clinic"]
    rng = np.random.default_rng(3)
    sink = CorpusSink(str(tmp_path / "s.duckdb"), ["in.jsonl"], None, hold=0, memory="16MB")
    sink.start("corpus run test", Settings())
    n = 0
    for batch in range(30):
        arts = []
        for _ in range(8):
            text = " ".join(rng.choice(words, 16_000))  # a long article's document: about 100 KB
            arts.append({"id": f"a{n}", "title": "t", "url": None, "outlet": None, "published": None, "source": "x",
                         "n_chars": len(text), "text": text, "document": '{"text": "' + text + '"}'})
            n += 1
        sink.register([InputRow(a["id"], "in.jsonl", a["id"], i) for i, a in enumerate(arts)], [])
        assert sink.write_results(EncodedArticles(arts, span_columns([])), []) == []
    sink.release()
    assert sink.memory_failures and sink.memory == ""  # the limit was too small once, and then lifted
    with Store(str(tmp_path / "s.duckdb"), read_only=True) as db:
        assert db.count("articles") == 240


def test_a_workers_lost_heartbeat_at_shutdown_is_one_warning_line_not_a_traceback(capsys):
    # Dask's worker logged this with a traceback when the cluster shut down under load; the
    # local cluster shows ERROR and up, so as a WARNING without exc_info it no longer shows
    import logging

    from newsprobe.corpus.worker import LOST_HEARTBEAT, quiet_lost_heartbeats

    logger = logging.getLogger("distributed.worker")
    quiet_lost_heartbeats()
    quiet_lost_heartbeats()  # once per process, however often the plugin is set up
    assert sum(type(f).__name__ == "_LostHeartbeat" for f in logger.filters) == 1
    seen: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.ERROR)
    handler.emit = seen.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    try:
        try:
            raise OSError("Stream is closed")
        except OSError:
            logger.exception(LOST_HEARTBEAT + ".")
            logger.exception("Some other worker error")
    finally:
        logger.removeHandler(handler)
    assert [r.getMessage() for r in seen] == ["Some other worker error"] and seen[0].exc_info


def test_the_run_summary_says_when_the_store_memory_limit_was_lifted():
    from newsprobe.corpus.runner import CorpusRunSummary, summary_text

    quiet = CorpusRunSummary(read=3, analysed=3, workers=1, seconds=1.0)
    assert "store_write_memory" not in summary_text(quiet)
    lifted = CorpusRunSummary(read=3, analysed=3, workers=1, seconds=1.0,
                              store_memory_note="note: the store's checkpoint needed more than store_write_memory=48MB (...)")
    assert summary_text(lifted).splitlines()[-1].startswith("note: the store's checkpoint needed more than store_write_memory=48MB")
    assert lifted.to_dict()["store_memory_note"].startswith("note:")
