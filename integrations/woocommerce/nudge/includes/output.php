<?php
/**
 * What the plugin prints on the shop: the Nudge tag, the product for Nudge's reader, and the purchase.
 *
 * @package Nudge
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/** WooCommerce's add-to-cart button on a product page, and the cart's checkout link. */
const NUDGE_ADD_TO_CART = 'form.cart .single_add_to_cart_button';
const NUDGE_CHECKOUT    = '.wc-proceed-to-checkout .checkout-button, .wc-block-cart__submit-button';

/** The embed's stub snippet (packages/embed STUB_SNIPPET): queues nudge.* calls made before nudge.js has loaded. */
const NUDGE_STUB = '!function(w){if(w.nudge)return;var q=[],c=[],n=w.nudge={q:q,c:c,k:function(e){c.push([e.target,Date.now()])>20&&c.shift()},ready:function(){return new Promise(function(r){q.push(["ready",[r]])})}};w.document.addEventListener("click",n.k,!0);["track","page","identify","reset","setProduct","setCart","setConsent","flush","debug"].forEach(function(m){n[m]=function(){q.push([m,[].slice.call(arguments)])}})}(window);';

/** JSON that is safe inside an HTML attribute or a script element. */
function nudge_json( $value ) {
	return wp_json_encode( $value, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT | JSON_UNESCAPED_SLASHES );
}

/** The site id and server when both are set, else null (then nothing is printed). */
function nudge_config() {
	$site   = nudge_sanitize_site( get_option( 'nudge_site_id', '' ) );
	$server = nudge_sanitize_server( get_option( 'nudge_server_url', '' ) );
	return ( '' === $site || '' === $server ) ? null : array( 'site' => $site, 'server' => $server );
}

/** wp_footer: the Nudge tag, on every page of the shop. */
function nudge_print_tag() {
	$config = nudge_config();
	if ( ! $config ) {
		return;
	}
	$attrs = array(
		'async'                  => true,
		'src'                    => $config['server'] . '/nudge/v1/nudge.js',
		'data-site'              => $config['site'],
		'data-endpoint'          => $config['server'],
		'data-locale'            => str_replace( '_', '-', get_locale() ),
		'data-track-add-to-cart' => NUDGE_ADD_TO_CART,
		'data-track-checkout'    => NUDGE_CHECKOUT,
	);
	if ( get_option( 'nudge_consent_required', false ) ) {
		$attrs['data-consent'] = 'required';
	}
	$html = '<script';
	foreach ( $attrs as $name => $value ) {
		if ( true === $value ) {
			$html .= ' ' . $name;
		} elseif ( 'src' === $name ) {
			$html .= ' src="' . esc_url( $value ) . '"';
		} else {
			$html .= ' ' . $name . '="' . esc_attr( $value ) . '"';
		}
	}
	echo $html . "></script>\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- each attribute is escaped above
}

/** woocommerce_after_add_to_cart_button: the product as Nudge's reader takes it (data-nudge-product). */
function nudge_print_product() {
	global $product;
	if ( ! nudge_config() || ! is_object( $product ) ) {
		return;
	}
	$data = array(
		'id'           => (string) $product->get_id(),
		'name'         => $product->get_name(),
		'price'        => (float) wc_get_price_to_display( $product ),
		'currency'     => get_woocommerce_currency(),
		'availability' => $product->is_in_stock() ? 'InStock' : 'OutOfStock',
	);
	if ( '' !== (string) $product->get_sku() ) {
		$data['sku'] = $product->get_sku();
	}
	if ( $product->is_on_sale() && '' !== (string) $product->get_regular_price() ) {
		$data['compareAtPrice'] = (float) wc_get_price_to_display( $product, array( 'price' => $product->get_regular_price() ) );
	}
	// Only a count WooCommerce keeps and that cannot be oversold is a stock figure worth showing.
	if ( $product->managing_stock() && ! $product->backorders_allowed() ) {
		$data['stock'] = array(
			'remaining' => max( 0, (int) $product->get_stock_quantity() ),
			'source'    => 'woocommerce',
		);
	}
	echo '<span hidden data-nudge-product="' . esc_attr( nudge_json( $data ) ) . '"></span>';
}

/** The GA4 purchase props of an order. */
function nudge_purchase_props( $order ) {
	$items = array();
	foreach ( $order->get_items() as $item ) {
		$product  = $item->get_product();
		$sku      = $product ? (string) $product->get_sku() : '';
		$quantity = (int) $item->get_quantity();
		$line     = array(
			'item_id'   => '' !== $sku ? $sku : (string) $item->get_product_id(),
			'item_name' => $item->get_name(),
			'price'     => round( (float) $order->get_item_subtotal( $item, false, false ), 2 ),
			'quantity'  => $quantity,
		);
		$discount = (float) $item->get_subtotal() - (float) $item->get_total();
		if ( $discount > 0 ) {
			$line['discount'] = round( $discount, 2 );
		}
		$items[] = $line;
	}
	$props = array(
		'transaction_id' => (string) $order->get_order_number(),
		'value'          => round( (float) $order->get_total(), 2 ),
		'currency'       => $order->get_currency(),
		'tax'            => round( (float) $order->get_total_tax(), 2 ),
		'shipping'       => round( (float) $order->get_shipping_total(), 2 ),
		'items'          => $items,
	);
	$coupons = $order->get_coupon_codes();
	if ( $coupons ) {
		$props['coupon'] = implode( ',', $coupons );
	}
	return $props;
}

/**
 * woocommerce_thankyou: the purchase, on the first view of the order-received page only (a reload would send it
 * again), marked on the order once printed. The stub snippet before it queues the call until nudge.js has loaded.
 */
function nudge_print_purchase( $order_id ) {
	if ( ! nudge_config() || ! $order_id ) {
		return;
	}
	$order = wc_get_order( $order_id );
	if ( ! $order || $order->get_meta( '_nudge_purchase_sent' ) || $order->has_status( 'failed' ) ) {
		return;
	}
	$order->update_meta_data( '_nudge_purchase_sent', time() );
	$order->save();
	$js = NUDGE_STUB . 'nudge.track("purchase",' . nudge_json( nudge_purchase_props( $order ) ) . ');';
	wp_print_inline_script_tag( $js, array( 'id' => 'nudge-purchase' ) );
}
