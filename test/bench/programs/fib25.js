// fib(25) by naive recursion: 242,785 calls (the JS row of the bench, beside node running the same file).
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
console.log(fib(25));
