package io.jenkins.plugins.dashscope.core.download;

import java.net.URI;

/** Where a result URL's redirect may lead: a few hops, on the same host only. */
final class Redirects {

    private Redirects() {}

    /**
     * @param hops the redirects followed so far
     * @throws DownloadFailure (not retried) for an empty or bad location, one hop too many, or another host
     */
    static URI next(URI from, String location, int index, int hops, int maxRedirects) {
        if (location == null || hops >= maxRedirects) {
            throw new DownloadFailure(
                    "DownloadRefused", "image " + index + ": too many or empty redirects", false, null);
        }
        URI next;
        try {
            next = from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new DownloadFailure("DownloadRefused", "image " + index + ": bad redirect", false, e);
        }
        if (next.getHost() == null || !next.getHost().equalsIgnoreCase(from.getHost())) {
            throw new DownloadFailure(
                    "DownloadRefused",
                    "image " + index + ": refused a redirect from " + from.getHost() + " to another host ("
                            + next.getHost() + ")",
                    false,
                    null);
        }
        return next;
    }
}
