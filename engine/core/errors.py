"""Problems located in a file, sheet and cell: the one error shape of workbook I/O."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    file: str
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet:
            where += f":{self.sheet}"
            if self.cell:
                where += f"!{self.cell}"
        return where


class WorkbookError(Exception):
    """A workbook could not be read or written; says where and why, never a traceback."""

    def __init__(self, location: Location, message: str, code: str = "JZ001") -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message
        self.code = code
