"""XML entity attacks: two independent layers, each proven by a test that fails without it.

Layer 1 is defusedxml, which openpyxl uses for every part it parses when it is
installed (`openpyxl.DEFUSEDXML`). Layer 2 is the archive guard, which refuses
any part with a DTD before openpyxl runs. The subprocess tests make defusedxml
unimportable to show what it is worth: without it, the same 29 KB workbook
becomes a 45 MB cell (expat's own amplification guard does not stop a quadratic
blow-up under 100x), and the reader refuses to run at all (JZ020).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap

import pytest

from jobzone.engine.core.errors import WorkbookError
from jobzone.workbooks.guard.archive_guard import inspect_archive
from jobzone.workbooks.reader import workbook_from_bytes
from tests.hostile_corpus import (
    ROOT,
    billion_laughs,
    example_bytes,
    external_entity,
    internal_entity,
)

QUADRATIC = 'text="a" * 500_000, repeat=90'  # 45 MB of text from a 29 KB file


def _without_defusedxml(body: str) -> dict[str, object]:
    """Run `body` in a fresh interpreter where `import defusedxml` fails; it prints JSON."""
    script = "import sys\nsys.modules['defusedxml'] = None\n" + textwrap.dedent(body)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_openpyxl_parses_with_defusedxml() -> None:
    from openpyxl import DEFUSEDXML

    assert DEFUSEDXML, "defusedxml missing or OPENPYXL_DEFUSEDXML=False"


@pytest.mark.parametrize("build", [internal_entity, billion_laughs, external_entity],
                         ids=["entity", "billion-laughs", "xxe"])
def test_defusedxml_alone_stops_entities_inside_openpyxl(build: object) -> None:
    """Bypass the guard: openpyxl itself refuses, and the cause is defusedxml's."""
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook

    with pytest.raises(Exception) as caught:
        load_workbook(io.BytesIO(build()))  # type: ignore[operator]
    causes = []
    error: BaseException | None = caught.value
    while error is not None:
        causes.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(c, DefusedXmlException) for c in causes), causes


@pytest.mark.parametrize("build", [internal_entity, billion_laughs, external_entity],
                         ids=["entity", "billion-laughs", "xxe"])
def test_the_reader_refuses_entity_workbooks_with_a_located_error(build: object) -> None:
    with pytest.raises(WorkbookError) as caught:
        workbook_from_bytes(build(), "hostile.xlsx")  # type: ignore[operator]
    assert caught.value.code == "JZ016"
    assert "hostile.xlsx" in str(caught.value) and "DTD" in caught.value.message


def test_without_defusedxml_openpyxl_expands_entities() -> None:
    """What the dependency buys: the same bytes turn into a 45 MB cell without it."""
    data = internal_entity(text="a" * 500_000, repeat=90)
    assert len(data) < 64 * 1024
    result = _without_defusedxml(f"""
        import io, json
        from openpyxl import DEFUSEDXML, load_workbook
        from tests.hostile_corpus import internal_entity
        cell = load_workbook(io.BytesIO(internal_entity({QUADRATIC})))["Role"]["A1"].value
        print(json.dumps({{"defused": DEFUSEDXML, "length": len(cell)}}))
    """)
    assert result == {"defused": False, "length": 45_000_000}


def test_without_defusedxml_the_reader_refuses_to_parse_at_all() -> None:
    result = _without_defusedxml("""
        import json
        from jobzone.engine.core.errors import WorkbookError
        from jobzone.workbooks.reader import workbook_from_bytes
        from tests.hostile_corpus import example_bytes
        try:
            workbook_from_bytes(example_bytes(), "clean.xlsx")
            print(json.dumps({"code": None}))
        except WorkbookError as error:
            print(json.dumps({"code": error.code, "message": error.message}))
    """)
    assert result["code"] == "JZ020"
    assert "defusedxml" in str(result["message"])


def test_the_guard_alone_refuses_a_dtd_without_defusedxml() -> None:
    """Layer 2 holds by itself: no DTD reaches a parser even if layer 1 were gone."""
    result = _without_defusedxml("""
        import json
        from jobzone.engine.core.limits import Limits
        from jobzone.workbooks.guard.archive_guard import inspect_archive
        from tests.hostile_corpus import internal_entity
        report = inspect_archive(internal_entity(), "x.xlsx", Limits())
        print(json.dumps([r.code for r in report.refusals]))
    """)
    assert result == ["JZ016"]


def test_a_doctype_anywhere_in_any_member_is_refused() -> None:
    from jobzone.engine.core.limits import Limits
    from tests.hostile_corpus import rezip

    data = rezip(example_bytes(), add=[("customXml/item1.xml",
                                        b'<?xml version="1.0"?><!DOCTYPE a SYSTEM '
                                        b'"http://evil.example/a.dtd"><a/>')])
    assert [r.code for r in inspect_archive(data, "x", Limits()).refusals] == ["JZ016"]

