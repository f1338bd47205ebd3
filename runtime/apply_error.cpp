#include "runtime/apply_error.h"
