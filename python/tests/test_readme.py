"""The README's Python examples are tests: every ```pycon block of its
"Python" section runs as a doctest, in order, in one scratch folder."""
from __future__ import annotations

import doctest
import os
import re

import pytest

README = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "README.md")


def _section() -> str:
    with open(README, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^## Python\n(.*?)^## ", text, re.M | re.S)
    assert m, "README.md has no Python section"
    return m.group(1)


def test_readme_examples(tmp_path: "os.PathLike[str]", monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = re.findall(r"^```pycon\n(.*?)^```", _section(), re.M | re.S)
    assert blocks, "no ```pycon examples in the Python section"
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict = {}
    examples = 0
    for i, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, "README.md pycon %d" % (i + 1), README, 0)
        examples += len(test.examples)
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert examples >= 8
    assert result.failed == 0
