"""Helpers shared by the command-line tests."""
from finlit.cli import main


def run(capsys, *argv):
    """Run `finlit ARGV` in-process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err):
    """The one error line on stderr (asserts there is exactly one and no traceback)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("finlit: error: ") and "Traceback" not in err
    return lines[0]
