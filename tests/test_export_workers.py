"""Workers in the JSON document: role and retirement travel, PINs and their hashes never do, and a
participant's response names the worker it was filled in with."""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from factories import (
    START,
    as_json_bytes,
    checked_export,
    document_of,
    full_document,
    minimal_participant,
    new_id,
    opened,
    time_text,
    without_exported_at,
)
from jsonschema import Draft202012Validator

from recovery_tui import clock
from recovery_tui.exchange.csv_export import scales_csv
from recovery_tui.exchange.document import schema
from recovery_tui.exchange.fhir_responses import response_bundle
from recovery_tui.exchange.json_import import ImportRefused, import_document
from recovery_tui.exchange.take_home import as_text, record_document
from recovery_tui.store import records
from recovery_tui.store.models import ALL_MODELS, Response, Worker
from tests.history_data import complete_scale

pytestmark = pytest.mark.backend  # run again on PostgreSQL in CI

PIN = "27182818"
OTHER_PIN = "31415926"
VALIDATOR = Draft202012Validator(schema())
WORKER_KEYS = {"id", "created", "updated", "name", "role", "retired", "responses"}


@dataclass
class Source:
    """What ``build_source`` made: the export, the workers' ids and the PIN hashes kept for them."""

    document: dict[str, Any]
    sam: uuid.UUID
    dana: uuid.UUID
    lee: uuid.UUID
    ana: uuid.UUID
    scale: uuid.UUID  # Ana's completed scale, filled in with Dana
    draft: uuid.UUID  # Ben's draft, with no worker recorded
    hashes: list[str]


def later(seconds: float = 1.0) -> dt.datetime:
    clock.set_now(clock.now() + dt.timedelta(seconds=seconds))
    return clock.now()


def assert_valid(document: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}" for e in VALIDATOR.iter_errors(document)]
    assert not errors, errors


def build_source(folder: Path) -> Source:
    """A kiosk with a supervisor, a peer worker and a retired one, all with PINs; a scale filled in
    with Dana signed in, and a draft with nobody signed in."""
    clock.set_now(START)
    with opened(folder):
        dana = records.create_worker("Dana", "peer", PIN)
        later()
        lee = records.create_worker("Lee", "peer", OTHER_PIN)
        later()
        sam = records.create_worker("Sam", "supervisor", PIN)
        assert records.sign_in(sam.id, PIN).right
        later(60)
        records.retire_worker(lee.id)
        later()
        ana = records.create_participant("Ana")
        ben = records.create_participant("Ben")
        assert records.sign_in(dana.id, PIN).right
        later()
        scale = complete_scale(ana.id, [3] * 23)
        # start_response notes who was signed in; set here too, so that this test stands on its own.
        Response.update(worker=dana.id).where(Response.id == scale).execute()
        records.act_as(None)
        draft = records.start_response(ben.id, records.SCALE).id
        hashes = [w.pin_hash for w in Worker.select() if w.pin_hash]
        assert len(hashes) == 3
        return Source(checked_export(), sam.id, dana.id, lee.id, ana.id, scale, draft, hashes)


@pytest.fixture
def source(tmp_path: Path, frozen_clock) -> Source:
    return build_source(tmp_path / "source")


def worker_in(document: dict[str, Any], worker_id: uuid.UUID) -> dict[str, Any]:
    (found,) = [w for w in document["workers"] if w["id"] == str(worker_id)]
    return found


def response_in(document: dict[str, Any], response_id: uuid.UUID) -> dict[str, Any]:
    everyone = [*document["participants"], *document["workers"]]
    (found,) = [r for person in everyone for r in person["responses"] if r["id"] == str(response_id)]
    return found


def row_counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in ALL_MODELS}


# -- role and retirement ------------------------------------------------------------------------


def test_the_export_carries_each_workers_role_and_retirement(source) -> None:
    document = source.document
    assert_valid(document)
    assert [set(w) for w in document["workers"]] == [WORKER_KEYS] * 3
    dana, lee, sam = (worker_in(document, i) for i in (source.dana, source.lee, source.sam))
    assert (dana["name"], dana["role"], dana["retired"]) == ("Dana", "peer", None)
    assert (sam["name"], sam["role"], sam["retired"]) == ("Sam", "supervisor", None)
    assert lee["role"] == "peer" and lee["retired"] is not None
    assert lee["retired"].endswith("Z") and lee["updated"] >= lee["retired"]


def test_role_and_retirement_round_trip_exactly_and_no_pin_comes_with_them(source, tmp_path) -> None:
    with opened(tmp_path / "target"):
        summary = import_document(json.loads(as_json_bytes(source.document)))
        assert summary.added["Worker"] == 3
        rows = {w.id: w for w in records.workers(with_retired=True)}
        assert (rows[source.sam].role, rows[source.sam].retired) == ("supervisor", None)
        assert rows[source.lee].retired is not None and records.workers() == [rows[source.dana], rows[source.sam]]
        assert not any(w.has_pin for w in rows.values()) and not records.any_pin()
        assert Worker.select().where(Worker.pin_hash.is_null(False)).count() == 0
        again = checked_export()
    assert without_exported_at(again) == without_exported_at(source.document)


def test_a_file_from_before_roles_reads_its_workers_as_peer_workers_not_retired(source, tmp_path) -> None:
    old = copy.deepcopy(source.document)
    for worker in old["workers"]:
        del worker["role"], worker["retired"]
    assert_valid(old)
    with opened(tmp_path / "target"):
        import_document(old)
        rows = records.workers(with_retired=True)
        assert [(w.name, w.role, w.retired) for w in rows] == [
            ("Dana", "peer", None),
            ("Lee", "peer", None),
            ("Sam", "peer", None),
        ]
        assert [set(w) for w in checked_export()["workers"]] == [WORKER_KEYS] * 3


def test_a_newer_copy_from_before_roles_leaves_role_and_retirement_here_as_they_are(source, tmp_path) -> None:
    """An older version knows nothing of roles: its newer copy (a name changed there) must not make a
    supervisor a peer worker, or bring a retired worker back to sign in."""
    target = tmp_path / "target"
    with opened(target):
        import_document(source.document)
    old = copy.deepcopy(source.document)
    stamp = time_text(later(3600))
    for worker in old["workers"]:
        del worker["role"], worker["retired"]
        worker["name"] += " K"
        worker["updated"] = stamp
    with opened(target):
        summary = import_document(old)
        assert summary.updated["Worker"] == 3
        rows = {w.id: w for w in records.workers(with_retired=True)}
    assert [rows[i].name for i in (source.dana, source.lee, source.sam)] == ["Dana K", "Lee K", "Sam K"]
    assert (rows[source.sam].role, rows[source.sam].retired) == ("supervisor", None)
    assert rows[source.lee].retired is not None


def test_merging_a_worker_keeps_the_newer_copys_role_and_retirement_and_never_touches_the_pin(tmp_path) -> None:
    clock.set_now(START)
    with opened(tmp_path / "kiosk"):
        dana = records.create_worker("Dana", "peer", PIN)
        kept = Worker.get_by_id(dana.id).pin_hash
        mine = checked_export()

        newer = copy.deepcopy(mine)
        (copy_of_dana,) = newer["workers"]
        retired = later(60)
        copy_of_dana.update(role="supervisor", retired=time_text(retired), updated=time_text(retired))
        assert import_document(newer).updated["Worker"] == 1
        row = records.get_worker(dana.id)
        assert (row.role, row.retired) == ("supervisor", retired)
        assert Worker.get_by_id(dana.id).pin_hash == kept and row.has_pin

        older = copy.deepcopy(mine)  # as exported before: older than what is here now
        older["workers"][0]["role"] = "peer"
        assert import_document(older).kept["Worker"] == 1
        assert records.get_worker(dana.id).role == "supervisor"

        back = copy.deepcopy(newer)  # the newer copy wins whatever it says, retirement too
        back["workers"][0].update(role="peer", retired=None, updated=time_text(later(60)))
        import_document(back)
        row = records.get_worker(dana.id)
        assert (row.role, row.retired) == ("peer", None)
        assert Worker.get_by_id(dana.id).pin_hash == kept
        assert records.sign_in(dana.id, PIN).right


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"role": "admin"}, "document.workers[0].role: 'admin' is not one of"),
        ({"role": None}, "document.workers[0].role"),
        ({"retired": "yesterday"}, "document.workers[0].retired"),
        ({"retired": None, "role": "absent"}, "document.workers[0]: 'role' is a dependency of 'retired'"),
        ({"role": "peer", "retired": "absent"}, "document.workers[0]: 'retired' is a dependency of 'role'"),
        ({"pin_hash": "scrypt$16384$8$1$00$SECRET"}, "'pin_hash'"),
        ({"pin": PIN}, "'pin'"),
    ],
)
def test_a_worker_entry_that_breaks_the_rules_is_refused_and_nothing_is_written(store, change, words) -> None:
    worker = {"id": new_id(), "created": time_text(START), "updated": time_text(START), "name": "Dana"}
    worker |= {"role": "peer", "retired": None, "responses": []}
    for key, value in change.items():
        if value == "absent":
            del worker[key]
        else:
            worker[key] = value
    before = row_counts()
    with pytest.raises(ImportRefused) as refused:
        import_document(document_of(minimal_participant(), workers=[worker]))
    assert words in str(refused.value)
    assert "SECRET" not in str(refused.value) and PIN not in str(refused.value)
    assert row_counts() == before


# -- the worker a participant's response was filled in with ------------------------------------------


def test_a_response_names_the_worker_it_was_filled_in_with_only_when_there_was_one(source) -> None:
    scale, draft = response_in(source.document, source.scale), response_in(source.document, source.draft)
    assert scale["worker_id"] == str(source.dana)
    assert "worker_id" not in draft
    assert_valid(source.document)


def test_a_responses_worker_round_trips(source, tmp_path) -> None:
    with opened(tmp_path / "target"):
        import_document(source.document)
        assert Response.get_by_id(source.scale).worker_id == source.dana
        assert Response.get_by_id(source.draft).worker_id is None
        again = checked_export()
    assert response_in(again, source.scale)["worker_id"] == str(source.dana)
    assert without_exported_at(again) == without_exported_at(source.document)


def test_a_worker_id_naming_nobody_is_refused_clearly_and_nothing_is_written(source, tmp_path) -> None:
    broken = copy.deepcopy(source.document)
    nobody = new_id()
    response_in(broken, source.scale)["worker_id"] = nobody
    with opened(tmp_path / "target"):
        with pytest.raises(ImportRefused) as refused:
            import_document(broken)
        assert row_counts() == dict.fromkeys(row_counts(), 0)
    (ana_index,) = [i for i, p in enumerate(broken["participants"]) if p["id"] == str(source.ana)]
    assert str(refused.value) == (
        f"participant {ana_index + 1}, response 1 (id {source.scale}), worker_id: "
        "names no worker in this document or store"
    )


def test_a_worker_id_that_is_not_an_id_is_refused_by_the_schema(source, store) -> None:
    broken = copy.deepcopy(source.document)
    response_in(broken, source.scale)["worker_id"] = "Dana"
    with pytest.raises(ImportRefused, match=r"worker_id"):
        import_document(broken)
    assert records.workers(with_retired=True) == []


def test_a_worker_id_may_name_a_worker_already_in_the_store(source, tmp_path) -> None:
    target = tmp_path / "target"
    with opened(target):
        import_document(source.document)
    without_workers = copy.deepcopy(source.document)
    without_workers["workers"] = []
    answer = response_in(without_workers, source.scale)
    answer["updated"] = time_text(later(60))
    with opened(target):
        assert import_document(without_workers).updated["Response"] == 1
        assert Response.get_by_id(source.scale).worker_id == source.dana


def test_a_newer_copy_naming_no_worker_leaves_the_worker_recorded_here(source, tmp_path) -> None:
    target = tmp_path / "target"
    with opened(target):
        import_document(source.document)
    old = copy.deepcopy(source.document)
    scale = response_in(old, source.scale)
    del scale["worker_id"]
    scale["updated"] = time_text(later(60))
    with opened(target):
        assert import_document(old).updated["Response"] == 1
        response = Response.get_by_id(source.scale)
        assert response.worker_id == source.dana and time_text(response.updated) == scale["updated"]


def test_a_workers_own_response_names_no_other_worker(tmp_path, frozen_clock) -> None:
    document = full_document(tmp_path / "full")
    own = document["workers"][0]["responses"][0]
    assert "worker_id" not in own  # the worker holding it says whose it is
    other = copy.deepcopy(document)
    other["workers"][0]["responses"][0]["worker_id"] = new_id()
    same = copy.deepcopy(document)
    same["workers"][0]["responses"][0]["worker_id"] = document["workers"][0]["id"]
    with opened(tmp_path / "target"):
        with pytest.raises(ImportRefused, match=r"worker 1, response 1 .*worker_id: a worker's own response"):
            import_document(other)
        assert row_counts() == dict.fromkeys(row_counts(), 0)
        import_document(same)
        assert "worker_id" not in checked_export()["workers"][0]["responses"][0]


# -- never a PIN --------------------------------------------------------------------------------------


def test_no_export_holds_a_pin_or_a_pin_hash(source, tmp_path) -> None:
    pieces = [piece for kept in source.hashes for piece in (kept, *kept.split("$")[4:])]
    assert len(pieces) == 9
    with opened(tmp_path / "source"):
        everyone = records.read_everything()[1]
        texts = {
            "json": as_json_bytes(checked_export()).decode("utf-8"),
            "csv": scales_csv(everyone, with_agency_id=True, with_names=True),
            "fhir": json.dumps(response_bundle(everyone, with_names=True)),
            **{p.first_name: as_text(record_document(p, clock.today())) for p in everyone},
        }
    assert "Ana" in texts and str(source.dana) in texts["json"]
    for kind, text in texts.items():
        for piece in pieces:
            assert piece not in text, kind
        for pin in (PIN, OTHER_PIN):
            assert pin not in text, kind
        assert "scrypt" not in text, kind
    keys = {key.lower() for key in _keys(json.loads(texts["json"]))}
    assert not [key for key in keys if "pin" in key]


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in _keys(item)}
    if isinstance(value, list):
        return {k for item in value for k in _keys(item)}
    return set()
