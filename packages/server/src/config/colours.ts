// Named CSS colours (CSS Color Module Level 4): the core's schema lets any word through to keep the page's validator
// small, so the server, which checks every published document, refuses words that are no colour ("reddish").
const NAMED = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood ' +
    'cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod ' +
    'darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon ' +
    'darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray ' +
    'dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green ' +
    'greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon ' +
    'lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon ' +
    'lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen magenta ' +
    'maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen ' +
    'mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive ' +
    'olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru ' +
    'pink plum powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell ' +
    'sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise ' +
    'violet wheat white whitesmoke yellow yellowgreen transparent currentcolor'
  ).split(' '),
);

/** Props that hold a colour (the core's `cssColor` fields). */
const COLOUR_PROP = /^(colou?r|background|accent)([A-Z]\w*)?$/;

/** A word that is no CSS colour name; hex and functions are left to the core's pattern. */
const badName = (v: unknown) => typeof v === 'string' && /^[a-zA-Z]+$/.test(v) && !NAMED.has(v.toLowerCase());

const MESSAGE = 'not a CSS colour name: expected a colour such as #d92d20, red or rgb(217 45 32)';
const BAD_HEX = 'not a CSS colour: a hex colour has 3, 4, 6 or 8 digits, such as #d92d20';
const NOT_OPAQUE =
  'the buy bar needs an opaque colour (its text colour is chosen to contrast with it), such as #d92d20';

/**
 * Why a colour prop's value is refused, or undefined. The core's pattern lets `#` with 3 to 8 digits through; CSS reads
 * only 3, 4, 6 or 8 (`#12345` is no colour). `opaque`: the buy bar's `color`, which the bar refuses on every page when
 * translucent (bar-contrast.ts: `#0000004d`, `#0008`) or `transparent` / `currentcolor`, and then shows the theme
 * accent: refused here at publish instead. Functions (`rgba(...)`) pass as before: only the hex check is exact.
 */
function colourIssue(v: unknown, opaque: boolean): string | undefined {
  if (typeof v !== 'string') return undefined;
  const hex = /^#([0-9a-fA-F]*)$/.exec(v.trim())?.[1];
  if (hex !== undefined) {
    if (![3, 4, 6, 8].includes(hex.length)) return BAD_HEX;
    const alpha = hex.length === 4 ? hex.slice(3) : hex.length === 8 ? hex.slice(6) : '';
    return opaque && alpha && !/^(f|ff)$/i.test(alpha) ? NOT_OPAQUE : undefined;
  }
  if (badName(v)) return MESSAGE;
  return opaque && /^(transparent|currentcolor)$/i.test(v.trim()) ? NOT_OPAQUE : undefined;
}

/** Colour props in widgets and in variant patches the widget would refuse, with their paths. */
export function colourIssues(doc: {
  widgets: { id: string; type: string; props: Record<string, unknown> }[];
  experiments: { variants: { patch?: Record<string, Record<string, unknown>> }[] }[];
}): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const bars = new Set(doc.widgets.filter((w) => w.type === 'buy-bar').map((w) => w.id));
  const check = (path: string, widget: string, k: string, v: unknown) => {
    const message = COLOUR_PROP.test(k) ? colourIssue(v, k === 'color' && bars.has(widget)) : undefined;
    if (message) out.push({ path, message });
  };
  doc.widgets.forEach((w, i) => {
    for (const [k, v] of Object.entries(w.props)) check(`widgets.${i}.props.${k}`, w.id, k, v);
  });
  doc.experiments.forEach((e, i) =>
    e.variants.forEach((variant, j) => {
      for (const [widget, patch] of Object.entries(variant.patch ?? {}))
        for (const [k, v] of Object.entries(patch))
          check(`experiments.${i}.variants.${j}.patch.${widget}.${k}`, widget, k, v);
    }),
  );
  return out;
}
