"""The checks of data/programme.yaml: its fields, and a region that DfE's list knows."""

from __future__ import annotations

from tsp.problems import Problem
from tsp.programme import read_programme
from tsp.register import Register


def check(register: Register) -> list[Problem]:
    return list(read_programme(register.root)[1])
