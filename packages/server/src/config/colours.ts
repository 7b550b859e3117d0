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

/** Colour props in widgets and in variant patches holding a word that names no colour, with their paths. */
export function colourIssues(doc: {
  widgets: { props: Record<string, unknown> }[];
  experiments: { variants: { patch?: Record<string, Record<string, unknown>> }[] }[];
}): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  doc.widgets.forEach((w, i) => {
    for (const [k, v] of Object.entries(w.props))
      if (COLOUR_PROP.test(k) && badName(v)) out.push({ path: `widgets.${i}.props.${k}`, message: MESSAGE });
  });
  doc.experiments.forEach((e, i) =>
    e.variants.forEach((variant, j) => {
      for (const [widget, patch] of Object.entries(variant.patch ?? {}))
        for (const [k, v] of Object.entries(patch))
          if (COLOUR_PROP.test(k) && badName(v))
            out.push({ path: `experiments.${i}.variants.${j}.patch.${widget}.${k}`, message: MESSAGE });
    }),
  );
  return out;
}
