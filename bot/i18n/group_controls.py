"""Texts of a group quiz's host controls (Pause / Resume, Skip, Stop: bot/discord/group_controls.py), in English
and Spanish: merged into the catalogs by bot/i18n/__init__.py."""

EN = {
    "error.group_paused": "The quiz is paused: answers wait until its host resumes it.",
    "error.not_quiz_host": "Only the quiz's host or a moderator can pause, skip or stop it.",
    "error.group_control_missed": "Too late: the quiz has moved on since (or is already as you asked).",
    "group.pause": "Pause",
    "group.resume": "Resume",
    "group.skip": "Skip",
    "group.stop": "Stop",
    "group.paused": "⏸ Paused: no answers are taken until the host resumes the quiz.",
    "group.paused_by": "⏸ {who} paused the quiz. The question's time stands still until it is resumed.",
    "group.resumed_by": "▶️ {who} resumed the quiz: question {number} is open again; time is up {when}.",
    "group.skipped_by": "⏭️ {who} skipped question {number}: its results follow, then the next question.",
    "group.stopped_by": "⏹️ {who} stopped the quiz: the scoreboard so far follows.",
    "group.scoreboard_stopped": "Group quiz stopped: the scoreboard so far",
}

ES = {
    "error.group_paused": "El cuestionario está en pausa: las respuestas esperan a que quien lo empezó lo reanude.",
    "error.not_quiz_host": "Solo quien empezó el cuestionario o un moderador puede pausarlo, saltar una pregunta o pararlo.",
    "error.group_control_missed": "Demasiado tarde: el cuestionario ya ha avanzado (o ya está como pedías).",
    "group.pause": "Pausar",
    "group.resume": "Reanudar",
    "group.skip": "Saltar",
    "group.stop": "Parar",
    "group.paused": "⏸ En pausa: no se aceptan respuestas hasta que se reanude el cuestionario.",
    "group.paused_by": "⏸ {who} pausó el cuestionario. El tiempo de la pregunta se detiene hasta que se reanude.",
    "group.resumed_by": "▶️ {who} reanudó el cuestionario: la pregunta {number} vuelve a estar abierta; el tiempo se acaba {when}.",
    "group.skipped_by": "⏭️ {who} saltó la pregunta {number}: siguen sus resultados y luego la siguiente pregunta.",
    "group.stopped_by": "⏹️ {who} paró el cuestionario: sigue la clasificación hasta ahora.",
    "group.scoreboard_stopped": "Cuestionario en grupo parado: la clasificación hasta ahora",
}
