// The referral card's reserved box: the only CSS its first render needs (the look is in the lazy styles).
import { css } from 'lit';

/**
 * From the first render the card's box has the height its lazily loaded view will take, so a card at the top of a
 * page pushes nothing when the view arrives. The element knows at its first render which blocks it will show (host
 * attribute `layout`: `link`, `link-body`, `friend` or `friend-link-body`; none when it has nothing to show, and then reserves nothing). The box is the
 * card's padding and border (42px) plus each block's height in a column of that width: the friend's gift (one line,
 * two below 310px, three below 300px), heading + link field + button (one row, two below 460px), the rewards
 * sentence (one line, two below 630px, and more as the heading wraps below 360 and 340px). Measured with the
 * built-in copy in en and zh-CN, the larger of the two. Longer merchant copy, another font size or text zoom can
 * need more: set `--nudge-referral-card-min-height`. The site's program's sentence (`long`) is reserved for its
 * longest form (two stages, a minimum order, CN¥ amounts): one line, two below 1100px, three below 530px, four below
 * 390px, and the heading's second line below 350px; in Chinese one, two below 700px, three below 350px, and the
 * heading's second line below 330px; the inviter's monthly cap (`cap`) one line more at every width. Written compactly: Lit ships a css template as typed.
 */
export const reserve = css`
:host{display:block;container-type:inline-size}
:host([layout]) .card{min-height:var(--nudge-referral-card-min-height,calc(42px + var(--f,0px) + var(--k,0px) + var(--b,0px) + var(--c,0px)))}
@container (width<630px){.card{--B:64px}}
@container (width<460px){.card{--L:154px}}
@container (width<360px){.card{--B:88px}}
@container (width<340px){.card{--B:112px}}
@container (width<310px){.card{--F:115px}}
@container (width<300px){.card{--F:140px}}
:host([layout*=friend]) .card{--f:var(--F,90.5px)}
:host([layout*=link]) .card{--k:var(--L,102px)}
:host([layout*=body]) .card{--b:var(--B,40px)}
:host([layout*=long]) .card{--b:var(--P,40px)}
:host(:lang(zh)[layout*=long]) .card{--b:var(--Z,40px)}
:host([layout*=cap]) .card{--c:24px}
@container (width<1100px){.card{--P:64px}}
@container (width<700px){.card{--Z:64px}}
@container (width<530px){.card{--P:88px}}
@container (width<390px){.card{--P:112px}}
@container (width<350px){.card{--P:137px;--Z:88px}}
@container (width<330px){.card{--Z:113px}}
`;
