// The `styled-greeter` world of wit/greet.wit: the name goes through the
// imported style interface (style/style.c in the composition) first.
import { decorate } from 'local:compose/style@0.1.0';

export const greet = {
  greet(name) {
    return `Hello, ${decorate(name)}!`;
  },
};
