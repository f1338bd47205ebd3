#include "compiler/model/printer.h"
