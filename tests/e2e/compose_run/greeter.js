// The `greeter` world of wit/greet.wit: counts the characters (code points,
// not UTF-16 units) so that non-ASCII names show the string crossing intact.
export const greet = {
  greet(name) {
    if (name.length === 0) return 'Hello, nobody!';
    return `Hello, ${name}! (${[...name].length} characters)`;
  },
};
