#pragma once
// What the CLI needs to know about the terminal: colour, confirmation prompts.

#include <string>

namespace stepwise::cli {

bool stdout_is_tty();
bool stdin_is_tty();
// Colour only on a terminal, and never when NO_COLOR is set or TERM is "dumb".
bool use_color();
// Asks `question [y/N]` on the terminal; true only for an explicit yes.
bool confirm(const std::string& question);

} // namespace stepwise::cli
