#ifndef SHOUT_H
#define SHOUT_H
/* Greets name in capital letters: "HELLO, WORLD!". */
char *shout(const char *name, char *buf, unsigned long size);
#endif
