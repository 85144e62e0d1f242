#ifndef GREET_H
#define GREET_H
/* Writes "<greeting>, <name>!" into buf (at most size bytes) and returns buf. */
char *greet(const char *name, char *buf, unsigned long size);
#endif
