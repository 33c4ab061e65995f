module homer.bench/peers/godefs

go 1.22
