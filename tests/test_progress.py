"""Progress of long runs: a bar on a terminal, periodic log lines (the same numbers) otherwise."""

from __future__ import annotations

import logging

from newsevents.progress import Progress


def test_log_lines_carry_articles_rate_eta_events_and_quarantine(caplog) -> None:
    logger = logging.getLogger("test-progress")
    progress = Progress(total=4, words_total=4000, logger=logger, enabled=False, log_every=0.0)
    with caplog.at_level(logging.INFO, logger="test-progress"):
        progress.advance(2, 2000, events=7, quarantined=1)
        progress.advance(2, 2000, events=9, quarantined=1)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2
    assert lines[-1].startswith("progress: 4/4 articles") and "words/s" in lines[-1] and "ETA" in lines[-1]
    assert "9 events, 1 quarantined" in lines[-1]


def test_terminal_bar_is_drawn_on_stderr(capsys) -> None:
    progress = Progress(total=2, words_total=100, enabled=True, log_every=1e9)
    progress.advance(1, 50, events=0, quarantined=0)
    progress.close()
    err = capsys.readouterr().err
    assert "[###############...............] 1/2 articles" in err
