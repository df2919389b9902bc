import dataclasses

import numpy as np

from scenebridge.matching.engine import journal
from scenebridge.matching.engine.index import MatchIndex
from scenebridge.matching.engine.journal import Change
from scenebridge.matching.engine.records import OfferRecord

from .conftest import make_needs, make_offers, make_resources

HYDROGEN = OfferRecord(
    id="F9",
    name="加氢站泄漏监测系统",
    description="氢气浓度传感与泄漏预警，适用于加氢站和储氢罐区",
    capabilities=("氢气泄漏预警",),
    domains=("清洁能源与新型储能",),
    trl=7,
)


def _saved(embedder, tmp_path):
    index = MatchIndex.build([*make_needs(), *make_offers(), *make_resources()], embedder=embedder)
    index.save(tmp_path / "index")
    return tmp_path / "index"


def test_a_change_round_trips_through_a_journal_line(embedder):
    # given a change with vectors
    vector = embedder.embed_passages([HYDROGEN.name])[0]
    phrases = embedder.embed_passages(list(HYDROGEN.capabilities))
    change = Change("offer", HYDROGEN, vector, phrases)

    # when it is encoded and decoded
    line = change.encode()
    back = Change.decode(line)

    # then it is one line, and the record and vectors come back (phrases at float16 precision)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert back.record == HYDROGEN and back.kind == "offer"
    assert back.vector is not None and np.array_equal(back.vector, vector)
    assert back.phrases is not None and np.allclose(back.phrases, phrases, atol=1e-3)
    assert Change.decode(Change("offer", HYDROGEN).encode()).vector is None


def test_every_copy_sees_a_journaled_change_without_a_new_save(embedder, tmp_path):
    # given two processes' copies of one saved index
    directory = _saved(embedder, tmp_path)
    writer, reader = MatchIndex.load(directory), MatchIndex.load(directory)
    files_before = {path: path.stat().st_mtime_ns for path in directory.rglob("*") if path.is_file()}

    # when the writer adds an offer and journals it, and the reader catches up
    change = Change("offer", HYDROGEN, embedder.embed_passages([HYDROGEN.name])[0], np.zeros((0, embedder.dim)))
    change.apply(writer)
    journal.append(directory, [change])
    offset = journal.catch_up(reader, directory, 0)

    # then both recommend it for the hydrogen need, and no saved file was rewritten
    need = dataclasses.replace(
        make_needs()[0],
        id="N9",
        title="加氢站氢气泄漏预警",
        description="储氢罐区泄漏监测",
        requirements="氢气泄漏预警",
    )
    assert writer.recommend_offers(need, top=1)[0].id == "F9"
    assert [m.id for m in reader.recommend_offers(need, top=5)] == [m.id for m in writer.recommend_offers(need, top=5)]
    assert all(path.stat().st_mtime_ns == mtime for path, mtime in files_before.items())
    # and catching up again applies nothing twice
    assert journal.catch_up(reader, directory, offset) == offset
    assert len(reader.collections["offer"]) == len(writer.collections["offer"])


def test_a_line_still_being_written_waits_for_its_end(embedder, tmp_path):
    # given a journal whose last line is incomplete (a writer in the middle of its write)
    directory = _saved(embedder, tmp_path)
    first = Change("offer", HYDROGEN)
    second = Change("offer", dataclasses.replace(HYDROGEN, id="F10"))
    journal.append(directory, [first])
    with (directory / journal.JOURNAL_FILE).open("ab") as handle:
        handle.write(second.encode()[:25])
    reader = MatchIndex.load(directory)

    # when a reader catches up
    offset = journal.catch_up(reader, directory, 0)

    # then it applied the complete line only, and takes the second once it is complete
    assert "F9" in reader.collections["offer"].positions
    assert "F10" not in reader.collections["offer"].positions
    with (directory / journal.JOURNAL_FILE).open("ab") as handle:
        handle.write(second.encode()[25:])
    journal.catch_up(reader, directory, offset)
    assert "F10" in reader.collections["offer"].positions


def test_a_journaled_edit_withdraws_the_old_version(embedder, tmp_path):
    # given a saved index and a reader
    directory = _saved(embedder, tmp_path)
    reader = MatchIndex.load(directory)
    assert "F1" in [m.id for m in reader.recommend_offers("N1", top=3)]

    # when the offer is closed through the journal
    journal.append(directory, [Change("offer", dataclasses.replace(make_offers()[0], status="closed"))])
    journal.catch_up(reader, directory, 0)

    # then it is no longer recommended
    assert "F1" not in [m.id for m in reader.recommend_offers("N1", top=5)]
