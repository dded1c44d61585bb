package org.chatinbox.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.chatinbox.ingest.Events;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class UserAgentClassifierTest {

    static UserAgentClassifier classifier;

    @BeforeAll
    static void loadRules() {
        classifier = new UserAgentClassifier();
    }

    @Test
    void iphoneIsAMobileSafariOnIos() {
        assertThat(classifier.classify(Events.IPHONE)).isEqualTo(new UserAgentClassifier.Client("mobile", "Safari", "iOS"));
    }

    @Test
    void ipadIsATablet() {
        String ipad = "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                + "Version/16.6 Mobile/15E148 Safari/604.1";
        assertThat(classifier.classify(ipad).device()).isEqualTo("tablet");
    }

    @Test
    void windowsChromeIsADesktopChromeOnWindows() {
        String chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/124.0.0.0 Safari/537.36";
        assertThat(classifier.classify(chrome)).isEqualTo(new UserAgentClassifier.Client("desktop", "Chrome", "Windows"));
    }

    @Test
    void androidFirefoxIsAMobileFirefoxOnAndroid() {
        String firefox = "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0";
        assertThat(classifier.classify(firefox)).isEqualTo(new UserAgentClassifier.Client("mobile", "Firefox", "Android"));
    }

    @Test
    void garbageGivesNothingRatherThanAGuess() {
        UserAgentClassifier.Client client = classifier.classify("curl/8.5.0");
        assertThat(client.device()).isNull();
    }
}
