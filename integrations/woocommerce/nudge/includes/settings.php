<?php
/**
 * Settings > Nudge: the site id, the Nudge server and whether to wait for consent.
 *
 * @package Nudge
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/** The server's base URL when it is an https URL (no trailing slash), else ''. */
function nudge_sanitize_server( $value ) {
	$value = trim( (string) $value );
	$url   = esc_url_raw( $value, array( 'https' ) );
	if ( '' === $url || 0 !== strpos( $url, 'https://' ) ) {
		return '';
	}
	return untrailingslashit( $url );
}

/** A site id as the console makes them: letters, digits, '-', '_' and '.', at most 100 characters. */
function nudge_sanitize_site( $value ) {
	$value = trim( (string) $value );
	return preg_match( '/^[A-Za-z0-9._-]{1,100}$/', $value ) ? $value : '';
}

function nudge_register_settings() {
	register_setting( 'nudge', 'nudge_site_id', array( 'type' => 'string', 'sanitize_callback' => 'nudge_sanitize_site', 'default' => '' ) );
	register_setting( 'nudge', 'nudge_server_url', array( 'type' => 'string', 'sanitize_callback' => 'nudge_sanitize_server', 'default' => '' ) );
	register_setting( 'nudge', 'nudge_consent_required', array( 'type' => 'boolean', 'sanitize_callback' => 'rest_sanitize_boolean', 'default' => false ) );
}

function nudge_add_settings_page() {
	add_options_page( 'Nudge', 'Nudge', 'manage_options', 'nudge', 'nudge_render_settings_page' );
}

function nudge_render_settings_page() {
	if ( ! current_user_can( 'manage_options' ) ) {
		return;
	}
	?>
	<div class="wrap">
		<h1>Nudge</h1>
		<p>Add this shop's address (<code><?php echo esc_html( untrailingslashit( home_url() ) ); ?></code>) to the site's allowed origins in the Nudge console, Site settings.</p>
		<form method="post" action="options.php">
			<?php settings_fields( 'nudge' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="nudge_site_id">Site id</label></th>
					<td><input name="nudge_site_id" id="nudge_site_id" type="text" class="regular-text" value="<?php echo esc_attr( get_option( 'nudge_site_id', '' ) ); ?>"></td>
				</tr>
				<tr>
					<th scope="row"><label for="nudge_server_url">Nudge server</label></th>
					<td><input name="nudge_server_url" id="nudge_server_url" type="url" class="regular-text" placeholder="https://nudge.example.com" value="<?php echo esc_attr( get_option( 'nudge_server_url', '' ) ); ?>">
					<p class="description">https only. The script is loaded from <code>/nudge/v1/nudge.js</code> there.</p></td>
				</tr>
				<tr>
					<th scope="row">Consent</th>
					<td><label><input name="nudge_consent_required" type="checkbox" value="1" <?php checked( (bool) get_option( 'nudge_consent_required', false ) ); ?>> Wait for consent: nothing is stored or sent until your consent banner calls <code>nudge.setConsent('granted')</code></label></td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}
