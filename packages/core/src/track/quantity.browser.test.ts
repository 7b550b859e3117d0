import { afterEach, describe, expect, it } from 'vitest';
import { chosenQuantity } from './quantity.js';

const page = (html: string) => {
  document.body.innerHTML = html;
  return document.getElementById('add');
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('GA4 quantity rule', () => {
  it('takes the quantity field of the button form, by either name, over the page', () => {
    const add = page(`<input name="quantity" value="7">
<form><select name="qty"><option>1</option><option selected>3</option></select><button id="add">Add</button></form>`);
    expect(chosenQuantity(add, document)).toBe(3);
  });
  it("falls back to the page's only field, never to one of several", () => {
    expect(chosenQuantity(page('<input name="quantity" value="4"><button id="add">Add</button>'), document)).toBe(4);
    const add = page('<input name="quantity" value="4"><input name="qty" value="5"><button id="add">Add</button>');
    expect(chosenQuantity(add, document)).toBe(1);
  });
  it('counts 1 for anything but a whole number from 1 to 9999, and the page field for a target outside a form', () => {
    for (const v of ['0', '10000', '2.5', 'two', ''])
      expect(chosenQuantity(page(`<input name="qty" value="${v}"><button id="add">Add</button>`), document)).toBe(1);
    expect(chosenQuantity(page('<input name="qty" value="9999"><b id="add"></b>'), document)).toBe(9999);
    page('<input name="qty" value="6">');
    expect(chosenQuantity(window, document)).toBe(6);
    expect(chosenQuantity(null, document)).toBe(6);
  });
});
