<?php
/**
 * Runs the plugin's output functions against stubbed WordPress and WooCommerce hooks and prints what they printed,
 * as JSON, for test/integrations/woocommerce.test.ts. Not part of the plugin.
 *
 * @package Nudge
 */

define( 'ABSPATH', __DIR__ . '/' );

$GLOBALS['nudge_test'] = array( 'hooks' => array(), 'options' => array(), 'orders' => array(), 'saved' => 0 );
$t = &$GLOBALS['nudge_test'];

function add_action( $hook, $fn, $priority = 10 ) {
	$GLOBALS['nudge_test']['hooks'][] = array( $hook, $fn, $priority );
}
function add_filter( $hook, $fn, $priority = 10 ) {
	add_action( $hook, $fn, $priority );
}
function get_option( $name, $default = false ) {
	return array_key_exists( $name, $GLOBALS['nudge_test']['options'] ) ? $GLOBALS['nudge_test']['options'][ $name ] : $default;
}
function esc_attr( $s ) {
	return htmlspecialchars( (string) $s, ENT_QUOTES, 'UTF-8' );
}
function esc_html( $s ) {
	return esc_attr( $s );
}
function esc_url_raw( $url, $protocols = array( 'http', 'https' ) ) {
	$scheme = strtolower( (string) parse_url( $url, PHP_URL_SCHEME ) );
	return in_array( $scheme, $protocols, true ) && filter_var( $url, FILTER_VALIDATE_URL ) ? $url : '';
}
function esc_url( $url ) {
	return esc_attr( esc_url_raw( $url ) );
}
function untrailingslashit( $s ) {
	return rtrim( $s, '/\\' );
}
function wp_json_encode( $v, $flags = 0 ) {
	return json_encode( $v, $flags );
}
function get_locale() {
	return 'zh_CN';
}
function get_woocommerce_currency() {
	return 'CNY';
}
function wc_get_price_to_display( $product, $args = array() ) {
	return (float) ( $args['price'] ?? $product->get_price() );
}
function wc_get_order( $id ) {
	return $GLOBALS['nudge_test']['orders'][ $id ] ?? false;
}
function wp_print_inline_script_tag( $js, $attrs = array() ) {
	echo '<script id="' . esc_attr( $attrs['id'] ?? '' ) . '">' . $js . "</script>\n";
}
function home_url() {
	return 'https://shop.example/';
}
function current_user_can( $cap ) {
	return 'manage_options' === $cap;
}
function settings_fields( $group ) {
	echo '<input type="hidden" name="option_page" value="' . esc_attr( $group ) . '">';
}
function submit_button() {
	echo '<button type="submit">Save</button>';
}
function checked( $on ) {
	echo $on ? 'checked' : '';
}

class Fake_Product {
	public $d;
	public function __construct( $d ) {
		$this->d = $d;
	}
	public function __call( $m, $a ) {
		$key = preg_replace( '/^(get_|is_)/', '', $m );
		return $this->d[ $key ] ?? null;
	}
	public function managing_stock() {
		return $this->d['managing_stock'] ?? false;
	}
	public function backorders_allowed() {
		return $this->d['backorders_allowed'] ?? false;
	}
}
class Fake_Item {
	public $d;
	public function __construct( $d ) {
		$this->d = $d;
	}
	public function __call( $m, $a ) {
		return $this->d[ preg_replace( '/^get_/', '', $m ) ] ?? null;
	}
}
class Fake_Order {
	public $d;
	public $meta = array();
	public function __construct( $d ) {
		$this->d = $d;
	}
	public function __call( $m, $a ) {
		return $this->d[ preg_replace( '/^get_/', '', $m ) ] ?? null;
	}
	public function get_items() {
		return $this->d['items'];
	}
	public function get_item_subtotal( $item ) {
		return $item->get_subtotal() / $item->get_quantity();
	}
	public function get_meta( $k ) {
		return $this->meta[ $k ] ?? '';
	}
	public function update_meta_data( $k, $v ) {
		$this->meta[ $k ] = $v;
	}
	public function save() {
		$GLOBALS['nudge_test']['saved']++;
	}
	public function has_status( $s ) {
		return $this->d['status'] === $s;
	}
}

require dirname( __DIR__ ) . '/nudge/nudge.php';

/** What `$fn()` echoes. */
function capture( $fn, ...$args ) {
	ob_start();
	$fn( ...$args );
	return ob_get_clean();
}

$out = array( 'hooks' => array_map( fn( $h ) => array( $h[0], $h[1] ), $t['hooks'] ) );

$out['tag_unset'] = capture( 'nudge_print_tag' );
$t['options']     = array( 'nudge_site_id' => 'shop-42', 'nudge_server_url' => 'http://nudge.example.com' );
$out['tag_http']  = capture( 'nudge_print_tag' );
$t['options']     = array( 'nudge_site_id' => 'shop-42', 'nudge_server_url' => 'https://nudge.example.com/' );
$out['tag']       = capture( 'nudge_print_tag' );
$t['options']['nudge_consent_required'] = true;
$out['tag_consent']                     = capture( 'nudge_print_tag' );
$t['options']['nudge_consent_required'] = false;
$out['sanitized'] = array(
	nudge_sanitize_site( ' shop-42 ' ),
	nudge_sanitize_site( '"><script>' ),
	nudge_sanitize_server( 'https://nudge.example.com/' ),
	nudge_sanitize_server( 'javascript:alert(1)' ),
	nudge_sanitize_server( 'http://nudge.example.com' ),
);

$product                = new Fake_Product(
	array(
		'id'                 => 81,
		'name'               => 'Tieguanyin "Iron Goddess" <oolong> & co\'s',
		'sku'                => 'TEA-OOL-150',
		'price'              => '128',
		'regular_price'      => '158',
		'on_sale'            => true,
		'in_stock'           => true,
		'managing_stock'     => true,
		'backorders_allowed' => false,
		'stock_quantity'     => 4,
	)
);
$GLOBALS['product']     = $product;
$out['product']         = capture( 'nudge_print_product' );
$product->d['backorders_allowed'] = true;
$product->d['on_sale']            = false;
$out['product_backorders']        = capture( 'nudge_print_product' );

$items        = array(
	new Fake_Item( array( 'product' => $product, 'product_id' => 81, 'name' => 'Tieguanyin', 'quantity' => 2, 'subtotal' => 256, 'total' => 226 ) ),
	new Fake_Item( array( 'product' => new Fake_Product( array( 'sku' => '' ) ), 'product_id' => 90, 'name' => 'Tea cup </script>', 'quantity' => 1, 'subtotal' => 30, 'total' => 30 ) ),
);
$t['orders'][7] = new Fake_Order(
	array(
		'order_number' => '1007',
		'total'        => '271.00',
		'currency'     => 'CNY',
		'total_tax'    => '0',
		'shipping_total' => '15',
		'coupon_codes' => array( 'welcome30' ),
		'items'        => $items,
		'status'       => 'processing',
	)
);
$t['orders'][8] = new Fake_Order( array( 'status' => 'failed', 'items' => array() ) );
$out['purchase']       = capture( 'nudge_print_purchase', 7 );
$out['purchase_again'] = capture( 'nudge_print_purchase', 7 );
$out['purchase_failed'] = capture( 'nudge_print_purchase', 8 );
$out['saved']          = $t['saved'];
$out['settings_page']  = capture( 'nudge_render_settings_page' );

echo json_encode( $out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES );
