<?php
/**
 * Removes the plugin's options when it is deleted.
 *
 * @package Nudge
 */

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}
delete_option( 'nudge_site_id' );
delete_option( 'nudge_server_url' );
delete_option( 'nudge_consent_required' );
