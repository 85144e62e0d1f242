#include <ctype.h>
#include <greet.h>
#include "shout.h"

char *shout(const char *name, char *buf, unsigned long size)
{
    greet(name, buf, size);
    for (char *p = buf; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return buf;
}
