MESSAGES = {
    "error.generic": "Algo salió mal con esa petición.",
    "error.not_found": "No hay ningún {what} llamado «{name}» en el curso. Prueba el autocompletado o /temas.",
    "error.quiz_not_found": "Ese cuestionario ya no existe. Empieza otro con /quiz.",
    "error.not_your_quiz": "Este cuestionario es de otra persona. Empieza el tuyo con /quiz.",
    "error.already_answered": "Ya has respondido a esta pregunta.",
    "error.question_closed": "Se acabó el tiempo para esta pregunta.",
    "error.quiz_finished": "Este cuestionario ha terminado. Empieza otro con /quiz.",
    "error.item_removed": "Esta pregunta se retiró del curso después de empezar el cuestionario. Pulsa Siguiente.",
    "error.not_current_question": "Esa no es la pregunta actual de este cuestionario.",
    "error.bad_answer": "No se pudo leer esa respuesta. {hint}",
    "error.nothing_to_quiz": "No hay preguntas con esa elección. Prueba otro tema u otra dificultad.",
    "error.not_moderator": "Solo los moderadores (Gestionar servidor, o el rol de moderador) pueden hacer eso.",
    "error.cooldown": "Con calma: vuelve a intentarlo dentro de {seconds} s.",
    "error.content_rejected": "El curso no se ha cambiado:\n{report}",
    "error.bad_option": "«{option}» debe ser uno de estos valores: {hint}.",
    "error.unexpected": "Lo sentimos, algo falló por nuestra parte (referencia {ref}). Ha quedado registrado.",
    "hint.choice": "Elige una de las letras que se muestran.",
    "hint.true_false": "Responde verdadero o falso.",
    "hint.ordering": "Escribe cada elemento una vez, en tu orden, por ejemplo «B A C».",
    "hint.open": "Escribe una respuesta breve.",
    "quiz.question": "Pregunta {number} de {total}",
    "quiz.true": "Verdadero",
    "quiz.false": "Falso",
    "quiz.who_said": "¿Quién lo dijo?",
    "quiz.right": "¡Correcto!",
    "quiz.wrong": "No exactamente.",
    "quiz.answer_was": "Respuesta: {answer}",
    "quiz.you_said": "Tu respuesta: {answer}",
    "quiz.forgiven": "Aceptada como «{accepted}» (se perdona la ortografía).",
    "quiz.sources": "Fuentes: {sources}",
    "quiz.summary": "Cuestionario terminado: {correct} de {total} correctas ({percent} %).",
    "quiz.missed": "Para repasar: {items}",
    "quiz.order_prompt": "Escribe las letras en el orden correcto, por ejemplo «B A C».",
    "quiz.open_prompt": "Escribe tu respuesta.",
    "quiz.tf_prompt": "Escribe verdadero o falso (v/f).",
    "quiz.choice_prompt": "Escribe una letra.",
    "progress.title": "Progreso",
    "progress.line": "{answered} respuestas, {accuracy} % correctas, racha de {streak} día(s), {due} repaso(s) pendiente(s).",
    "progress.topic": "{title}: {mastered}/{items} dominadas{read}",
    "progress.read": " (leído)",
    "topics.title": "Mapa del curso",
    "quote.translation": "(traducción nuestra)",
    "console.welcome": "{title}\nModo consola: eres un estudiante local. Escribe «ayuda» para ver las órdenes y «salir» para terminar.",
    "console.help": (
        "Órdenes:\n"
        "  temas                    el mapa del curso\n"
        "  aprender TEMA            leer un tema\n"
        "  cita [TEMA]              una cita\n"
        "  quiz [TEMA] [LONGITUD]   un cuestionario (5 preguntas por defecto)\n"
        "  repaso                   repasos pendientes y luego tu tema más flojo\n"
        "  progreso                 tu progreso\n"
        "  salir                    terminar"
    ),
    "console.unknown": "Orden desconocida «{command}». Escribe «ayuda» para ver la lista.",
    "console.bye": "Hasta pronto. Tu progreso está guardado.",
    "console.usage_learn": "Uso: aprender TEMA (mira «temas» para ver los identificadores)",
    "console.bad_length": "La longitud debe ser un número del 1 al 20.",
}
