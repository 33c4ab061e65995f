package main

import "github.com/homer-dev/homer/sdk"

func main() { sdk.Serve(newLua()) }
