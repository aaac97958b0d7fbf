"""Command names and descriptions in Spanish (es-ES and es-419), for Discord's command picker."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.services.reminders import DEFAULT_TIME

SPANISH = {
    # names
    "help": "ayuda", "topics": "temas", "learn": "aprender", "quote": "cita", "quiz": "cuestionario",
    "review": "repaso", "progress": "progreso", "leaderboard": "clasificación", "glossary": "glosario",
    "timeline": "cronología", "sources": "fuentes", "mydata": "misdatos", "export": "exportar",
    "delete": "borrar", "content": "contenido", "status": "estado", "reload": "recargar",
    "validate": "validar", "upload": "subir", "topic": "tema", "speaker": "autor", "length": "preguntas",
    "difficulty": "dificultad", "member": "miembro", "period": "periodo", "term": "término", "file": "archivo",
    "kind": "tipo", "visible": "visible", "daily": "diaria", "set": "programar", "off": "desactivar",
    "preview": "vista-previa", "mode": "modo", "seconds": "segundos", "group": "en grupo", "channel": "canal",
    "time": "hora", "timezone": "zona-horaria", "ask": "preguntar", "question": "pregunta",
    "config": "configurar", "modrole": "rol-moderacion", "role": "rol", "zone": "zona",
    "anki": "anki", "scope": "alcance", "flashcards": "tarjetas", "remind": "recordatorios", "on": "activar",
    # choice labels (the value a command receives stays the English one)
    "week": "semana", "all": "todo", "solo": "solo", "missed": "fallos",
    "1 · recall": "1 · recordar", "2 · understanding": "2 · comprender", "3 · connecting ideas": "3 · relacionar ideas",
    "quotes": "citas", "quizzes": "cuestionarios", "course": "curso",
    # descriptions
    "What this bot does and how to begin": "Qué hace este bot y cómo empezar",
    "The course map, with your progress": "El mapa del curso, con tu progreso",
    "Read a topic, page by page": "Lee un tema, página a página",
    "The topic to read": "El tema que quieres leer",
    "A quote from the course's sources": "Una cita de las fuentes del curso",
    "Only quotes on this topic": "Solo citas de este tema",
    "Only quotes by this person": "Solo citas de esta persona",
    "Look up a term": "Busca un término",
    "The term to look up": "El término que buscas",
    "Dated events, page by page": "Acontecimientos fechados, página a página",
    "Only events of this topic": "Solo acontecimientos de este tema",
    "The documents this course draws on": "Los documentos en los que se basa el curso",
    "Test yourself with a short quiz": "Ponte a prueba con un cuestionario breve",
    "Only questions on this topic": "Solo preguntas de este tema",
    "How many questions (1-20)": "Cuántas preguntas (1-20)",
    "1 recall, 2 understanding, 3 connecting ideas": "1 recordar, 2 comprender, 3 relacionar ideas",
    "Review what you got wrong, when it is due": "Repasa lo que fallaste, cuando toca",
    "Mastery per topic, accuracy, streak and reviews due": "Dominio por tema, aciertos, racha y repasos pendientes",
    "Whose progress (default: yours)": "El progreso de quién (por defecto, el tuyo)",
    "This server's best learners": "Quienes más aprenden en este servidor",
    "This week or all time": "Esta semana o desde siempre",
    "Your data: export it, delete it, choose who sees it": "Tus datos: expórtalos, bórralos, elige quién los ve",
    "Everything stored about you, as JSON in a zip file": "Todo lo que se guarda sobre ti, en JSON dentro de un zip",
    "Delete everything stored about you": "Borra todo lo que se guarda sobre ti",
    "Show or hide yourself on leaderboards": "Aparece o no en las clasificaciones",
    "Appear on leaderboards?": "¿Aparecer en las clasificaciones?",
    "Let other members see your progress, or not": "Deja que otros miembros vean tu progreso, o no",
    "May other members see your /progress?": "¿Pueden otros miembros ver tu /progreso?",
    "Your cards as an Anki deck: what you missed, a topic or the whole course":
        "Tus tarjetas en un mazo de Anki: lo que fallaste, un tema o todo el curso",
    "missed: questions you got wrong; topic: one topic; all: the whole course":
        "fallos: las preguntas que fallaste; tema: un tema; todo: el curso entero",
    "The topic (for scope topic; with missed, only that topic's)":
        "El tema (para alcance tema; con fallos, solo los de ese tema)",
    "Your time zone: your streak, your day and your reminders": "Tu zona horaria: tu racha, tu día y tus recordatorios",
    "Your time zone, e.g. Europe/Madrid (leave empty to see the one in use)":
        "Tu zona horaria, p. ej. Europe/Madrid (vacío: ver la que se usa)",
    "Moderators: the course in service": "Moderación: el curso en servicio",
    "Version, counts, last reload and errors": "Versión, recuentos, última recarga y errores",
    # item statistics
    "stats": "estadisticas", "flag": "marca",
    "Item statistics: share right, discrimination, flags":
        "Estadísticas de las preguntas: aciertos, discriminación, marcas",
    "Only this topic's items": "Solo las preguntas de este tema",
    "Only the items with this flag": "Solo las preguntas con esta marca",
    "negative discrimination": "discriminación negativa", "too hard": "demasiado difícil",
    "too easy": "demasiado fácil", "unused distractor": "opción incorrecta que nadie elige",
    "Reload the course files (all or nothing)": "Recarga los archivos del curso (todo o nada)",
    "Check a course file without installing it": "Comprueba un archivo del curso sin instalarlo",
    "Validate, back up, install and reload a course file": "Valida, respalda, instala y recarga un archivo",
    "A .yaml course file": "Un archivo .yaml del curso",
    "Which kind of course file it is": "Qué tipo de archivo del curso es",
    "Moderators: the quote of the day": "Moderación: la cita del día",
    "Ask the course a question": "Hazle una pregunta al curso",
    "Server admins: how the bot works here": "Administración: cómo funciona el bot aquí",
    "The role that may use the moderator commands": "El rol que puede usar los comandos de moderación",
    "Leave empty to keep moderation to Manage Server": "Déjalo vacío para que solo modere Gestionar servidor",
    "Your question, in a few words": "Tu pregunta, en pocas palabras",
    "solo: only you see it; group: everyone here answers, against the clock":
        "solo: solo lo ves tú; en grupo: responde todo el canal, contra reloj",
    "Group quizzes: seconds to answer each question (10-300)":
        "En grupo: segundos para responder cada pregunta (10-300)",
    "Post a quote every day in a channel at a local time": "Publica una cita cada día en un canal a una hora local",
    "Where to post": "Dónde publicarla",
    "Local time, HH:MM (24-hour clock)": "Hora local, HH:MM (formato de 24 horas)",
    "Your time zone, e.g. Europe/Madrid": "Tu zona horaria, p. ej. Europe/Madrid",
    "Stop the quote of the day": "Detén la cita del día",
    "Where and when the quote of the day is posted": "Dónde y cuándo se publica la cita del día",
    "See the next quote of the day, only for you": "Mira la próxima cita del día, solo para ti",
    "Recall the course's terms and quotes, card by card":
        "Recuerda los términos y las citas del curso, tarjeta a tarjeta",
    "Only cards of this topic": "Solo tarjetas de este tema",
    "Review reminders by direct message": "Recordatorios de repaso por mensaje directo",
    "A direct message each day at your time, when reviews are due":
        "Un mensaje directo cada día a tu hora, cuando tengas repasos pendientes",
    f"Local time, HH:MM (24-hour clock; {DEFAULT_TIME} if not given)":
        f"Hora local, HH:MM (formato de 24 horas; {DEFAULT_TIME} si no la indicas)",
    "Stop the review reminders": "Detén los recordatorios de repaso",
    "Whether reminders are on, and when the next one comes":
        "Si los recordatorios están activados y cuándo llega el próximo",
    # assignments
    "assign": "asignar", "assignments": "tareas", "create": "crear", "list": "lista", "cancel": "cancelar",
    "results": "resultados", "due": "entrega", "assignment": "tarea",
    "Moderators: quizzes set for a due time": "Moderación: cuestionarios con fecha de entrega",
    "Set a quiz on a topic, due at a local date and time":
        "Asigna un cuestionario sobre un tema, con fecha y hora locales de entrega",
    "The topic of the quiz": "El tema del cuestionario",
    "Due date and time, YYYY-MM-DD HH:MM (a date alone: the end of that day)":
        "Fecha y hora de entrega, AAAA-MM-DD HH:MM (solo la fecha: el final de ese día)",
    "Only for members with this role (default: everyone)": "Solo para quien tenga este rol (por defecto, todos)",
    "Where the reminder is posted (default: here)": "Dónde se publica el recordatorio (por defecto, aquí)",
    "The due time's time zone (default: the server's)": "La zona horaria de la entrega (por defecto, la del servidor)",
    "The server's open assignments, with who started and finished":
        "Las tareas abiertas del servidor, con quién las empezó y terminó",
    "Cancel an open assignment": "Cancela una tarea abierta",
    "The assignment, by its number": "La tarea, por su número",
    "An assignment's results: who finished, scores, hardest question":
        "Los resultados de una tarea: quién la terminó, notas, pregunta más difícil",
    "Your open assignments in this server": "Tus tareas abiertas en este servidor",
    # learners' reports and the moderators' queue
    "reports": "avisos", "resolve": "resolver", "dismiss": "descartar", "item": "elemento", "note": "nota",
    "Open reports from learners, by item, with file:line":
        "Avisos abiertos de los alumnos, por elemento, con archivo:línea",
    "Close an item's reports as fixed, and tell who asked":
        "Cierra los avisos de un elemento como corregidos y avisa a quien lo pidió",
    "Close an item's reports as not a problem": "Cierra los avisos de un elemento como sin problema",
    "The item, as /content reports names it (e.g. question:some-id)":
        "El elemento, como lo nombra /contenido avisos (p. ej. question:algún-id)",
    "A note on what was done": "Una nota sobre lo que se hizo",
    # the class report
    "class": "clase", "report": "informe",
    "this week": "esta semana", "4 weeks": "4 semanas", "12 weeks": "12 semanas", "all time": "desde siempre",
    "Moderators: this server's class report": "Moderación: el informe de la clase de este servidor",
    "Active learners, mastery, hardest questions, who may need help":
        "Alumnos activos, dominio, preguntas más difíciles, quién quizá necesite ayuda",
    "The class report as CSV files": "El informe de la clase en archivos CSV",
    "Mastery and hardest questions of this topic only": "Dominio y preguntas más difíciles solo de este tema",
    "Which weeks (default: the last 4)": "Qué semanas (por defecto, las últimas 4)",
}


class Labelled(app_commands.Transformer):
    """An option limited to some values, each shown by a label the translator puts in the user's language (a
    `Literal` shows its raw values, untranslated); the command receives the value."""

    def __init__(self, labels: dict[str, str] | dict[int, str]):
        self.labels = labels

    @property
    def type(self) -> discord.AppCommandOptionType:
        numbers = all(isinstance(value, int) for value in self.labels)
        return discord.AppCommandOptionType.integer if numbers else discord.AppCommandOptionType.string

    @property
    def choices(self) -> list[app_commands.Choice]:
        return [app_commands.Choice(name=app_commands.locale_str(label), value=value)
                for value, label in self.labels.items()]

    async def transform(self, interaction: discord.Interaction, value: str | int) -> str | int:
        return value


Period = app_commands.Transform[str, Labelled({"week": "week", "all": "all"})]
AnkiScope = app_commands.Transform[str, Labelled({"missed": "missed", "topic": "topic", "all": "all"})]
Mode = app_commands.Transform[str, Labelled({"solo": "solo", "group": "group"})]
Difficulty = app_commands.Transform[int, Labelled({1: "1 · recall", 2: "2 · understanding", 3: "3 · connecting ideas"})]
CourseFileKind = app_commands.Transform[str, Labelled({kind: kind for kind in (
    "topics", "quotes", "quizzes", "glossary", "timeline", "sources", "course")})]


class SpanishTranslator(app_commands.Translator):
    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContextTypes) -> str | None:
        if locale not in (discord.Locale.spain_spanish, discord.Locale.latin_american_spanish):
            return None
        return SPANISH.get(string.message)
