import json

from scenebridge.matching.engine.batch import run_batch


def _write(path, rows):
    path.write_text("\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n", encoding="utf-8")


def test_run_batch_writes_ranked_lines_in_both_directions(tmp_path, embedder):
    # given needs and offers with unknown fields and some with only an id
    needs, offers = tmp_path / "needs.jsonl", tmp_path / "offers.jsonl"
    _write(
        needs,
        [
            {"id": "N1", "title": "独居老人跌倒检测", "requirements": "跌倒自动报警", "budget_wan": 30, "x": [1]},
            {"id": "N2"},
        ],
    )
    _write(
        offers,
        [
            {"id": "F1", "name": "毫米波雷达跌倒检测终端", "capabilities": ["跌倒检测", "自动报警"], "unknown": {}},
            {"id": "F2", "name": "光伏清洗机器人"},
            {"id": "F3"},
        ],
    )

    # when the batch runs forward and reversed
    forward, reverse = tmp_path / "run.tsv", tmp_path / "reverse.tsv"
    written = run_batch(needs, offers, 2, forward, embedder=embedder)
    run_batch(needs, offers, 2, reverse, reverse=True, embedder=embedder)
    live = tmp_path / "live.tsv"
    run_batch(needs, offers, 2, live, embedder=embedder, live=True)

    # then lines are query<TAB>result<TAB>score, best first, at most `top` per query
    lines = [line.split("\t") for line in forward.read_text(encoding="utf-8").splitlines()]
    assert written == len(lines)
    assert lines[0][:2] == ["N1", "F1"]
    by_query: dict[str, list[float]] = {}
    for query, _, score in lines:
        by_query.setdefault(query, []).append(float(score))
    assert all(len(scores) <= 2 and scores == sorted(scores, reverse=True) for scores in by_query.values())
    reversed_lines = [line.split("\t") for line in reverse.read_text(encoding="utf-8").splitlines()]
    assert {line[0] for line in reversed_lines} <= {"F1", "F2", "F3"}
    assert reversed_lines[0][:2] == ["F1", "N1"]
    # and ranked as waiting requests (queries embedded on the spot) the best pair is the same
    assert live.read_text(encoding="utf-8").splitlines()[0].split("\t")[:2] == ["N1", "F1"]


def test_run_batch_works_without_an_embedding_model(tmp_path):
    # given two records
    needs, offers = tmp_path / "needs.jsonl", tmp_path / "offers.jsonl"
    _write(needs, [{"id": "N1", "title": "UAV输电线路巡检"}])
    _write(offers, [{"id": "F1", "name": "无人机巡检服务"}, {"id": "F2", "name": "生鲜团购"}])

    # when run lexically only
    out = tmp_path / "run.tsv"
    run_batch(needs, offers, 5, out, embedder=None)

    # then the synonym match ranks first
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("N1\tF1\t")
