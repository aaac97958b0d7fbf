"""Figures, targets and the table the bench prints."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0-100) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "median": statistics.median(values), "p99": percentile(values, 99),
            "mean": statistics.fmean(values), "max": max(values)}


@dataclass
class Row:
    what: str
    bot: float | None
    floor: float | None = None
    unit: str = "ms"
    target: str = ""
    met: bool | None = None  # None: no target for this row

    @property
    def ratio(self) -> float | None:
        if self.bot is None or not self.floor:
            return None
        return self.bot / self.floor


# answer click: (median, p99) at most this many times the floor's, by engine
CLICK_LIMITS = {"sqlite": (2.0, 3.0), "postgresql": (3.0, 4.0)}
SCALE_LIMIT = 1.25  # a read's p99 on the large database, at most this many times its p99 on the small one


def _scale_rows(scale: dict) -> list[Row]:
    """/progress and /leaderboard p99 on the large database against the small one's, in the same run."""
    learners = scale["learners"]
    out = []
    for name in ("/progress", "/leaderboard week", "/leaderboard all"):
        large, small = scale["large"][name]["p99"], scale["small"][name]["p99"]
        out.append(Row(f"{name}, p99: {learners['large']:,} learners (bot) against {learners['small']:,} "
                       "(floor column)", ms(large), ms(small), target=f"<= {SCALE_LIMIT:g}x",
                       met=large <= SCALE_LIMIT * small))
    return out


READY_LIMIT, RSS_LIMIT = 15.0, 400.0  # the largest size of the servers phase: seconds to ready, peak MB
IDLE_LIMIT = 1.25  # idle CPU and the scheduler's idle wake, largest size against the smallest


def _servers_rows(servers: dict) -> list[Row]:
    """Each size's start, memory and idle CPU; the largest against the smallest for what must stay flat."""
    sizes = servers["sizes"]
    small, large = min(sizes, key=int), max(sizes, key=int)
    shards = servers["shards"]
    out: list[Row] = []
    for size, s in sizes.items():
        last = size == large
        n = len(s["runs"])
        out.append(Row(f"{int(size):,} servers, {shards} shards: start to ready (median of {n})", s["ready"],
                       unit="s", target=f"<= {READY_LIMIT:g} s" if last else "",
                       met=s["ready"] <= READY_LIMIT if last else None))
        out.append(Row(f"{int(size):,} servers: peak RSS", s["rss_mb"], unit="MB",
                       target=f"<= {RSS_LIMIT:g} MB" if last else "", met=s["rss_mb"] <= RSS_LIMIT if last else None))
        out.append(Row(f"{int(size):,} servers: idle CPU over {servers['idle_seconds']:g} s (of one core, "
                       f"median of {n})", s["idle_cpu_percent"], unit="%"))
    b, f = sizes[large], sizes[small]
    versus = f"{int(large):,} servers (bot) against {int(small):,} (floor column)"
    out.append(Row(f"idle CPU, {versus}", b["idle_cpu_percent"], f["idle_cpu_percent"], unit="%",
                   target=f"<= {IDLE_LIMIT:g}x", met=b["idle_cpu_percent"] <= IDLE_LIMIT * f["idle_cpu_percent"]))
    for key in ("wake", "wake_cluster"):
        out.append(Row(f"daily scheduler's idle wake, its queries ({b[key]['shards']}), median: {versus}",
                       ms(b[key]["median"]), ms(f[key]["median"]), target=f"<= {IDLE_LIMIT:g}x",
                       met=b[key]["median"] <= IDLE_LIMIT * f[key]["median"]))
    return out


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "/s":
        return f"{value:.0f}/s"
    if unit == "%":
        return f"{value:.2f}%"
    if unit in ("MB", "KiB"):
        return f"{value:.0f} {unit}"
    return f"{value:g} {unit}"


def table(rows: list[Row]) -> str:
    """A Markdown table: figure, bot, floor, ratio, target, met."""
    lines = ["| figure | bot | floor | bot/floor | target | met |", "|---|---:|---:|---:|---|---|"]
    for r in rows:
        ratio = "-" if r.ratio is None else f"{r.ratio:.2f}x"
        met = "" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.what} | {_fmt(r.bot, r.unit)} | {_fmt(r.floor, r.unit)} | {ratio} | {r.target} | {met} |")
    return "\n".join(lines)


def rows(results: dict) -> list[Row]:
    """The report's rows, with each target checked (only the servers' with `--only servers`)."""
    out = _phase_rows(results) if "clicks" in results else []
    if "servers" in results:
        out.extend(_servers_rows(results["servers"]))
    return out


def _phase_rows(results: dict) -> list[Row]:
    out: list[Row] = []
    click, quote = results["clicks"], results["quotes"]
    median_limit, p99_limit = CLICK_LIMITS[results.get("engine", "sqlite")]
    b, f = click["bot"], click["floor"]
    out.append(Row(f"answer click, median (n={b['n']})", ms(b["median"]), ms(f["median"]),
                   target=f"<= {median_limit:g}x floor", met=b["median"] <= median_limit * f["median"]))
    out.append(Row("answer click, p99", ms(b["p99"]), ms(f["p99"]), target=f"<= {p99_limit:g}x floor",
                   met=b["p99"] <= p99_limit * f["p99"]))
    b, f = quote["bot"], quote["floor"]
    out.append(Row(f"/quote, median (n={b['n']})", ms(b["median"]), ms(f["median"])))
    out.append(Row("/quote, p99", ms(b["p99"]), ms(f["p99"])))
    conc = results["concurrent"]
    b, f = conc["bot"], conc["floor"]
    sqlite = results.get("engine", "sqlite") == "sqlite"
    out.append(Row(f"{conc['learners']} learners at once: interactions/s", b["per_second"], f["per_second"],
                   unit="/s", target=">= 0.5x floor" if sqlite else "",
                   met=b["per_second"] >= 0.5 * f["per_second"] if sqlite else None))
    out.append(Row("  their answer clicks, median", ms(b["click_median"]), ms(f["click_median"])))
    out.append(Row("  their answer clicks, p99", ms(b["click_p99"]), ms(f["click_p99"])))
    reads = results["reads"]
    helps = reads["bot"]["/help"]
    for name in ("/progress", "/leaderboard week", "/leaderboard all"):
        b, f = reads["bot"][name], reads["floor"][name]
        out.append(Row(f"{name}, median (n={b['n']})", ms(b["median"]), ms(f["median"])))
        out.append(Row(f"{name}, p99", ms(b["p99"]), ms(f["p99"]),
                       target=f"<= 2x bot's /help p99 ({2 * helps['p99'] * 1000:.1f} ms)",
                       met=b["p99"] <= 2 * helps["p99"]))
    if "/progress chart" in reads["bot"]:  # the bot's /progress adds a chart to its reply; the floor's does not
        chart = reads["bot"]["/progress chart"]
        out.append(Row(f"/progress until its chart is shown, median (n={chart['n']})", ms(chart["median"])))
        out.append(Row("/progress until its chart is shown, p99", ms(chart["p99"])))
    disk = results.get("reads_disk_kib", {})
    if disk.get("bot") is not None:
        out.append(Row("read from disk by the bot during these reads", disk["bot"], unit="KiB"))
    f = reads["floor"]["/help"]
    out.append(Row(f"/help, median (n={helps['n']})", ms(helps["median"]), ms(f["median"])))
    out.append(Row("/help, p99", ms(helps["p99"]), ms(f["p99"])))
    start = results["start"]
    out.append(Row("start to IDENTIFY (median of starts)", start["bot"]["identify"], start["floor"]["identify"],
                   unit="s"))
    out.append(Row("start to ready (median of starts)", start["bot"]["ready"], start["floor"]["ready"], unit="s"))
    content = results["content"]
    copies = content["copies"]
    for key, label in (("shipped", "shipped course"), ("x10", f"{copies}x course")):
        c = content[key]
        out.append(Row(f"content load, {label}, first in a fresh process (median of "
                       f"{content.get('processes', 1)})", ms(c["first"])))
        # the floor: PyYAML's own safe load of the same files, with none of the course's checks, in turns with
        # the reloads in the same process
        out.append(Row(f"content load, {label}, median of reloads (floor: PyYAML's own safe load of the files)",
                       ms(c["median"]), ms(c.get("floor_median")), target="<= 1x floor",
                       met=c["median"] <= c["floor_median"]))
    if "scale" in results:
        out.extend(_scale_rows(results["scale"]))
    rss = results["rss"]
    out.append(Row("peak RSS", rss["bot"], rss["floor"], unit="MB", target="<= 150 MB",
                   met=rss["bot"] is not None and rss["bot"] <= 150))
    return out
