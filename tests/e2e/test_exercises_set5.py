"""Lesson 5's exercise set: its tests pass the reference answers and catch plausible wrong ones.

The fast tests run the source's cells and test functions directly (no otter), once with
the reference answers and once per wrong answer, which must fail exactly the tests
listed for it. The slow one grades a built notebook holding one wrong answer per question
with the real autograder and checks the points each question loses.
"""

from __future__ import annotations

import copy

import pytest

from kwscourse.exercises import build

STEM = "05_your_own_keywords"
CELLS = build.read_source(STEM)

# answer cell -> {wrong answer: (its code, the tests it must fail)}
WRONG = {
    "q1-answer": {
        "no_plus_one": ("def embedding_count(num_samples, window=76, step=8):\n"
                        "    return max(0, (frame_count(num_samples) - window) // step)\n"
                        "MIN_SAMPLES = 12640", {"q1-counts", "q1-shortest", "q1-any-length"}),
        "no_floor_at_zero": ("def embedding_count(num_samples, window=76, step=8):\n"
                             "    return 1 + (frame_count(num_samples) - window) // step\n"
                             "MIN_SAMPLES = 12640", {"q1-too-short", "q1-any-length"}),
        "fixed_76_and_8": ("def embedding_count(num_samples, window=76, step=8):\n"
                           "    frames = frame_count(num_samples)\n"
                           "    return 0 if frames < 76 else 1 + (frames - 76) // 8\n"
                           "MIN_SAMPLES = 12640", {"q1-any-length"}),
        "min_is_775_ms": ("def embedding_count(num_samples, window=76, step=8):\n"
                          "    frames = frame_count(num_samples)\n"
                          "    return 0 if frames < window else 1 + (frames - window) // step\n"
                          "MIN_SAMPLES = int(0.775 * SAMPLE_RATE)", {"q1-shortest", "q1-min"}),
        "no_lost_frames": ("def embedding_count(num_samples, window=76, step=8):\n"
                           "    frames = num_samples // 160\n"
                           "    return 0 if frames < window else 1 + (frames - window) // step\n"
                           "MIN_SAMPLES = 76 * 160",
                           {"q1-counts", "q1-too-short", "q1-any-length", "q1-min"}),
    },
    "q2-answer": {
        "every_window": ("def count_events(fired, hop_s=0.08, refractory_s=1.0):\n"
                         "    return int(np.sum(fired))\n"
                         "def false_accepts_per_hour(fired, hop_s=0.08, refractory_s=1.0):\n"
                         "    return count_events(fired, hop_s, refractory_s) / (len(fired) * hop_s / 3600)\n"
                         "FA_PER_HOUR = false_accepts_per_hour(background_fired)",
                         {"q2-toy", "q2-refractory", "q2-background", "q2-any-stream"}),
        "one_per_run": ("def count_events(fired, hop_s=0.08, refractory_s=1.0):\n"
                        "    f = np.asarray(fired, dtype=int)\n"
                        "    return int(np.sum(np.diff(np.concatenate([[0], f])) == 1))\n"
                        "def false_accepts_per_hour(fired, hop_s=0.08, refractory_s=1.0):\n"
                        "    return count_events(fired, hop_s, refractory_s) / (len(fired) * hop_s / 3600)\n"
                        "FA_PER_HOUR = false_accepts_per_hour(background_fired)",
                        {"q2-refractory", "q2-background", "q2-any-stream"}),
        "deaf_after_any_detection": ("def count_events(fired, hop_s=0.08, refractory_s=1.0):\n"
                                     "    times = np.flatnonzero(fired) * hop_s\n"
                                     "    return int(np.sum(np.diff(np.concatenate([[-np.inf], times])) >= refractory_s))\n"
                                     "def false_accepts_per_hour(fired, hop_s=0.08, refractory_s=1.0):\n"
                                     "    return count_events(fired, hop_s, refractory_s) / (len(fired) * hop_s / 3600)\n"
                                     "FA_PER_HOUR = false_accepts_per_hour(background_fired)",
                                     {"q2-refractory", "q2-background", "q2-any-stream"}),
        "per_second": None,  # filled in below: the reference count, divided by seconds
        "per_minute": None,
        "defaults_inside": None,  # the reference count, but per_hour ignores hop_s and refractory_s
    },
    "q3-answer": {
        "strictly_greater": ("def det_points(keyword_scores, background_peaks, hours, thresholds):\n"
                             "    k, b = np.asarray(keyword_scores), np.asarray(background_peaks)\n"
                             "    miss = np.array([np.mean(k <= t) for t in thresholds])\n"
                             "    return miss, np.array([np.sum(b > t) / hours for t in thresholds])",
                             {"q3-exact", "q3-rates"}),
        "miss_count": ("def det_points(keyword_scores, background_peaks, hours, thresholds):\n"
                       "    k, b = np.asarray(keyword_scores), np.asarray(background_peaks)\n"
                       "    miss = np.array([np.sum(k < t) for t in thresholds])\n"
                       "    return miss, np.array([np.sum(b >= t) / hours for t in thresholds])",
                       {"q3-ends", "q3-exact", "q3-rates"}),
        "per_second": ("def det_points(keyword_scores, background_peaks, hours, thresholds):\n"
                       "    k, b = np.asarray(keyword_scores), np.asarray(background_peaks)\n"
                       "    miss = np.array([np.mean(k < t) for t in thresholds])\n"
                       "    return miss, np.array([np.sum(b >= t) / (hours * 3600) for t in thresholds])",
                       {"q3-ends", "q3-exact", "q3-rates"}),
        "the_lessons_hours": ("def det_points(keyword_scores, background_peaks, hours, thresholds):\n"
                              "    k, b = np.asarray(keyword_scores), np.asarray(background_peaks)\n"
                              "    miss = np.array([np.mean(k < t) for t in thresholds])\n"
                              "    return miss, np.array([np.sum(b >= t) / BACKGROUND_HOURS for t in thresholds])",
                              {"q3-exact", "q3-rates"}),
        "sorted_thresholds": ("def det_points(keyword_scores, background_peaks, hours, thresholds):\n"
                              "    k, b = np.asarray(keyword_scores), np.asarray(background_peaks)\n"
                              "    miss = np.array([np.mean(k < t) for t in sorted(thresholds)])\n"
                              "    return miss, np.array([np.sum(b >= t) / hours for t in sorted(thresholds)])",
                              {"q3-exact"}),
    },
    "q4-answer": {
        "fewest_misses_ignoring_budget": ("def choose_threshold(thresholds, miss_rates, fa_per_hour, budget):\n"
                                          "    return thresholds[int(np.argmin(miss_rates))]",
                                          {"q4-budget", "q4-fewest-misses", "q4-any-order", "q4-ties-none"}),
        "strictly_below_budget": ("def choose_threshold(thresholds, miss_rates, fa_per_hour, budget):\n"
                                  "    points = [(m, f, t) for t, m, f in zip(thresholds, miss_rates, fa_per_hour) if f < budget]\n"
                                  "    return min(points)[2] if points else None",
                                  {"q4-fewest-misses", "q4-any-order"}),
        "highest_threshold_within": ("def choose_threshold(thresholds, miss_rates, fa_per_hour, budget):\n"
                                     "    ok = [t for t, f in zip(thresholds, fa_per_hour) if f <= budget]\n"
                                     "    return max(ok) if ok else None",
                                     {"q4-fewest-misses", "q4-any-order", "q4-ties-none"}),
        "first_in_given_order": ("def choose_threshold(thresholds, miss_rates, fa_per_hour, budget):\n"
                                 "    ok = [t for t, f in zip(thresholds, fa_per_hour) if f <= budget]\n"
                                 "    return ok[0] if ok else None",
                                 {"q4-any-order", "q4-ties-none"}),
        "no_tie_rule": ("def choose_threshold(thresholds, miss_rates, fa_per_hour, budget):\n"
                        "    ok = [(m, t) for t, m, f in zip(thresholds, miss_rates, fa_per_hour) if f <= budget]\n"
                        "    return min(ok)[1] if ok else None",
                        {"q4-ties-none"}),
        "never_none": ("def choose_threshold(thresholds, miss_rates, fa_per_hour, budget):\n"
                       "    points = [(m, f, t) for t, m, f in zip(thresholds, miss_rates, fa_per_hour) if f <= budget]\n"
                       "    return min(points)[2] if points else thresholds[int(np.argmin(fa_per_hour))]",
                       {"q4-ties-none"}),
    },
    "q5-answer": {
        "top_keyword_only": ("def decide(probs, labels, threshold):\n"
                             "    words = [i for i, name in enumerate(labels) if not name.startswith('_')]\n"
                             "    best = max(words, key=lambda i: probs[i])\n"
                             "    return labels[best] if probs[best] >= threshold else None",
                             {"q5-top-class"}),
        "first_keyword_over": ("def decide(probs, labels, threshold):\n"
                               "    top = int(np.argmax(probs))\n"
                               "    if labels[top].startswith('_'):\n"
                               "        return None\n"
                               "    return next((n for n, p in zip(labels, probs) if not n.startswith('_') and p >= threshold), None)",
                               {"q5-top-class"}),
        "strictly_greater": ("def decide(probs, labels, threshold):\n"
                             "    top = int(np.argmax(probs))\n"
                             "    return labels[top] if labels[top] not in SPECIAL and probs[top] > threshold else None",
                             {"q5-threshold"}),
        "special_names_returned": ("def decide(probs, labels, threshold):\n"
                                   "    top = int(np.argmax(probs))\n"
                                   "    return labels[top] if probs[top] >= threshold else None",
                                   {"q5-example", "q5-top-class"}),
        "specials_come_first": ("def decide(probs, labels, threshold):\n"
                                "    top = int(np.argmax(probs))\n"
                                "    return labels[top] if top >= 2 and probs[top] >= threshold else None",
                                {"q5-top-class"}),
    },
}
_COUNT = next(c for c in CELLS if c.cell_id == "q2-answer").text["en"].split("\n\n\n")[0]
for name, per_hour, fails in (
        ("per_second", "count_events(fired, hop_s, refractory_s) / (len(fired) * hop_s)",
         {"q2-per-hour", "q2-background", "q2-any-stream"}),
        ("per_minute", "count_events(fired, hop_s, refractory_s) / (len(fired) * hop_s / 60)",
         {"q2-per-hour", "q2-background", "q2-any-stream"}),
        ("defaults_inside", "count_events(fired) / (len(fired) * 0.08 / 3600)", {"q2-any-stream"})):
    WRONG["q2-answer"][name] = (
        _COUNT + "\ndef false_accepts_per_hour(fired, hop_s=0.08, refractory_s=1.0):\n    return " + per_hour
        + "\nFA_PER_HOUR = false_accepts_per_hour(background_fired)", fails)
# The values asked for, worked out with the wrong function.
WRONG["q4-answer"] = {name: (code + "\nMY_THRESHOLD = choose_threshold(det_thresholds, det_miss_rates, det_fa_per_hour, 1.0)"
                             "\nMY_MISS_RATE = det_miss_rates[det_thresholds == MY_THRESHOLD][0]", fails)
                      for name, (code, fails) in WRONG["q4-answer"].items()}
# decide_all stays the reference one, built on the wrong decide.
WRONG["q5-answer"] = {name: ("SPECIAL = ('_unknown_', '_silence_')\n" + code
                             + "\ndef decide_all(rows, labels, threshold):\n"
                               "    return [decide(row, labels, threshold) for row in rows]", fails)
                      for name, (code, fails) in WRONG["q5-answer"].items()}
CASES = [(cell, name) for cell, answers in WRONG.items() for name in answers]


def _failing_tests(answers: dict[str, str]) -> set[str]:
    """Run the source's cells, with ``answers`` in place of some answer cells; the tests that fail."""
    namespace: dict = {}
    failing = set()
    for cell in CELLS:
        if cell.kind in ("code", "solution") and cell.cell_id != "check-all":
            exec(answers.get(cell.cell_id, cell.text["en"]), namespace)
        elif cell.kind == "test":
            scope = copy.copy(namespace)
            exec(cell.text["en"], scope)
            test = next(v for k, v in scope.items() if k.startswith("test_") and k not in namespace)
            arguments = test.__code__.co_varnames[:test.__code__.co_argcount]
            try:
                test(*[namespace[a] for a in arguments])
            except Exception:
                failing.add(cell.cell_id)
    return failing


def test_the_reference_answers_pass_every_test():
    assert _failing_tests({}) == set()


def test_the_set_ends_with_its_open_question_after_four_graded_ones_or_more():
    questions = [c for c in CELLS if c.kind == "question"]
    assert [q.cell_id for q in questions][-1] == "q6_open" and questions[-1].manual
    assert sum(not q.manual for q in questions) >= 4


@pytest.mark.parametrize("cell,name", CASES, ids=[f"{c}-{n}" for c, n in CASES])
def test_a_wrong_answer_fails_exactly_its_tests(cell, name):
    code, expected = WRONG[cell][name]
    assert _failing_tests({cell: code}) == expected
    hidden = {c.cell_id for c in CELLS if c.kind == "test" and c.hidden}
    assert expected & hidden, "every wrong answer must be caught by at least one hidden test"


@pytest.mark.slow
def test_the_autograder_takes_the_expected_points_off(exercise_build, tmp_path):
    import submissions  # noqa: E402 (tests/ is on sys.path)
    from kwscourse.authoring.grading import max_points, sandbox

    chosen = {"q1-answer": "no_floor_at_zero", "q2-answer": "one_per_run", "q3-answer": "strictly_greater",
              "q4-answer": "strictly_below_budget", "q5-answer": "top_keyword_only"}
    tests = {c.cell_id: c for c in CELLS if c.kind == "test"}
    for lang in ("en", "es"):
        notebook = submissions.answered(exercise_build, lang, STEM)
        for cell in notebook["cells"]:
            if cell.get("id") in chosen:
                cell["source"] = WRONG[cell["id"]][chosen[cell["id"]]][0]
        path = submissions.write(notebook, tmp_path / f"{lang}.ipynb")
        autograder = exercise_build / lang / "autograder" / f"{STEM}.zip"
        result = sandbox.grade_in_sandbox(path, autograder, timeout=120)
        possible = max_points(autograder)
        lost = {q: sum(tests[t].points for t in WRONG[f"{q[:2]}-answer"][chosen[f"{q[:2]}-answer"]][1])
                for q in possible if f"{q[:2]}-answer" in chosen}
        scores = {q: r["score"] for q, r in result["questions"].items()}
        assert result["status"] == "ok"
        assert scores == {q: possible[q] - lost[q] for q in lost}, lang
