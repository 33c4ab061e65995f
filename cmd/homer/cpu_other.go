//go:build !unix

package main

func reportCPU() {}
