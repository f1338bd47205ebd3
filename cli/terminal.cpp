#include "cli/terminal.h"

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <unistd.h>

namespace stepwise::cli {

bool stdout_is_tty() {
    return isatty(STDOUT_FILENO) == 1;
}

bool stdin_is_tty() {
    return isatty(STDIN_FILENO) == 1;
}

bool use_color() {
    if (std::getenv("NO_COLOR"))
        return false;
    const char* term = std::getenv("TERM");
    if (term && std::strcmp(term, "dumb") == 0)
        return false;
    return stdout_is_tty();
}

bool confirm(const std::string& question) {
    std::cerr << question << " [y/N] " << std::flush;
    std::string answer;
    if (!std::getline(std::cin, answer))
        return false;
    return answer == "y" || answer == "Y" || answer == "yes";
}

} // namespace stepwise::cli
