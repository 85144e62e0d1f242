#include <stdio.h>
#include "config.h"
#include "greet.h"

char *greet(const char *name, char *buf, unsigned long size)
{
    snprintf(buf, size, "%s, %s!", GREETING, name);
    return buf;
}
