<?php
/**
 * Plugin Name:       Nudge
 * Description:       Nudge's storefront widgets and funnel tracking on WooCommerce: prints the Nudge tag, tells it which button adds to the cart, and sends the purchase from the order-received page.
 * Version:           0.1.0
 * Requires at least: 6.0
 * Requires PHP:      7.4
 * Author:            Nudge
 * License:           MIT
 * Text Domain:       nudge
 * WC requires at least: 7.0
 *
 * @package Nudge
 */

// The plugin's entry: loads its two parts and hooks them into WordPress and WooCommerce.
if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

require_once __DIR__ . '/includes/settings.php';
require_once __DIR__ . '/includes/output.php';

add_action( 'admin_init', 'nudge_register_settings' );
add_action( 'admin_menu', 'nudge_add_settings_page' );
add_action( 'wp_footer', 'nudge_print_tag', 20 );
add_action( 'woocommerce_after_add_to_cart_button', 'nudge_print_product' );
add_action( 'woocommerce_thankyou', 'nudge_print_purchase', 20 );
