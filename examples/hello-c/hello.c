/* The smallest C program worth putting in an image. */
#include <stdio.h>

int main(void) {
    puts("hello from scratch (c)");
    return 0;
}
