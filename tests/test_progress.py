import io

from tqdm import tqdm

from indexer.progress import Bar, Progress


def test_a_bar_follows_a_running_count_to_its_total():
    shown = io.StringIO()
    progress = tqdm(file=shown, desc="Embedding")
    bar = Bar(progress)
    bar.start(5)
    for done in (2, 4, 5):
        bar.reached(done)
    assert (progress.n, progress.total) == (5, 5)
    progress.close()  # draws the final state (tqdm throttles redraws while running)
    assert "5/5" in shown.getvalue()


def test_a_disabled_bar_accepts_the_same_calls():
    with Progress(enabled=False).bar("Embedding", unit="passage") as bar:
        bar.start(3)
        bar.reached(3)
