#include <stdio.h>
#include <greet.h>
#include <shout.h>

int main(int argc, char **argv)
{
    char buf[256];
    const char *name = argc > 1 ? argv[1] : "world";
    printf("%s\n", greet(name, buf, sizeof buf));
    printf("%s\n", shout(name, buf, sizeof buf));
    return 0;
}
