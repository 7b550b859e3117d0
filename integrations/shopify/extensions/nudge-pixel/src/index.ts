// The web pixel's entry: Shopify calls register's callback with the pixel API in its sandbox.
import { register } from '@shopify/web-pixels-extension';
import { nudgePixel } from './nudge-pixel.js';

register((api) => nudgePixel(api));
