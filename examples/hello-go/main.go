// The smallest Go program worth putting in an image.
package main

import "fmt"

func main() {
	fmt.Println("hello from scratch (go)")
}
