package org.chatinbox.ingest.model;

import java.net.URI;

/** What a call to a webhook needs: where, and the sealed secret that signs it. */
public record WebhookTarget(String id, String workspaceId, URI url, byte[] sealedSecret, boolean enabled) {
}
