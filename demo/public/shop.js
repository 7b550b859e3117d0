// The demo shop's own script: cart in localStorage, gallery, cart and checkout pages. Knows nothing about Nudge
// except the public window.nudge API (setCart), as a merchant's theme would.
const KEY = 'demo-cart';
const lang = document.documentElement.lang || 'en';
const money = (n) => new Intl.NumberFormat(lang, { style: 'currency', currency: 'USD' }).format(n);
const load = () => {
  try {
    return JSON.parse(localStorage.getItem(KEY) || '[]');
  } catch {
    return [];
  }
};
// Mirrored in a cookie so the server renders the cart and its count before this script runs (no layout shift).
const remember = (items) => {
  document.cookie = `demo_cart=${encodeURIComponent(JSON.stringify(items))}; path=/; max-age=2592000; samesite=lax`;
};
const save = (items) => {
  localStorage.setItem(KEY, JSON.stringify(items));
  remember(items);
  render();
};
const total = (items) => Math.round(items.reduce((s, i) => s + i.price * i.quantity, 0) * 100) / 100;

function render() {
  const items = load();
  const count = document.getElementById('cart-count');
  if (count) count.textContent = String(items.reduce((s, i) => s + i.quantity, 0));
  window.nudge?.setCart?.({
    value: total(items),
    currency: 'USD',
    items: items.map((i) => ({ item_id: i.sku, item_name: i.name, price: i.price, quantity: i.quantity })),
  });
  const box = document.getElementById('cart');
  if (!box) return;
  box.replaceChildren();
  if (!items.length) {
    const p = document.createElement('p');
    p.textContent = box.dataset.empty;
    box.append(p);
    return;
  }
  const list = document.createElement('ul');
  list.className = 'cart-lines';
  for (const item of items) {
    const li = document.createElement('li');
    const img = document.createElement('img');
    img.src = `/img/${item.slug}-0.svg`;
    img.alt = '';
    img.width = 64;
    img.height = 64;
    const name = document.createElement('span');
    name.textContent = `${item.name} × ${item.quantity}`;
    const price = document.createElement('span');
    price.textContent = money(item.price * item.quantity);
    li.append(img, name, price);
    if (box.dataset.remove) {
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.textContent = box.dataset.remove;
      rm.addEventListener('click', () => {
        window.nudge?.track?.('remove_from_cart', {
          currency: 'USD',
          value: item.price * item.quantity,
          items: [{ item_id: item.sku, item_name: item.name, price: item.price, quantity: item.quantity }],
        });
        save(load().filter((i) => i.sku !== item.sku));
      });
      li.append(rm);
    }
    list.append(li);
  }
  const sum = document.createElement('p');
  sum.className = 'cart-total';
  sum.textContent = `${box.dataset.total}: ${money(total(items))}`;
  box.append(list, sum);
}

document.getElementById('add-to-cart')?.addEventListener('click', (e) => {
  const b = e.currentTarget;
  const quantity = Math.max(1, Number(document.getElementById('quantity')?.value) || 1);
  const items = load();
  const line = items.find((i) => i.sku === b.dataset.sku);
  if (line) line.quantity += quantity;
  else
    items.push({
      sku: b.dataset.sku,
      slug: b.dataset.slug,
      name: b.dataset.name,
      price: Number(b.dataset.price),
      quantity,
    });
  save(items);
  const toast = document.getElementById('toast');
  if (toast) toast.textContent = lang.startsWith('zh') ? '已加入购物车' : 'Added to your cart';
});

for (const thumb of document.querySelectorAll('.thumb')) {
  thumb.addEventListener('click', () => {
    const slug = thumb.closest('.thumbs').dataset.slug;
    document.getElementById('main-image').src = `/img/${slug}-${thumb.dataset.view}.svg`;
    for (const t of document.querySelectorAll('.thumb')) t.setAttribute('aria-pressed', String(t === thumb));
  });
}

document.getElementById('checkout-form')?.addEventListener('submit', (e) => {
  const items = load();
  if (!items.length) {
    e.preventDefault();
    return;
  }
  document.getElementById('order-items').value = JSON.stringify(
    items.map((i) => ({ sku: i.sku, quantity: i.quantity })),
  );
});

if (document.getElementById('order-id')) localStorage.removeItem(KEY);
remember(load());
render();
