package io.jenkins.plugins.dashscope.review;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/** The review page's actions as a browser posts them: a form with the crumb, logged in as {@code user}. */
final class ReviewPosts {

    private ReviewPosts() {}

    /** @return the HTTP status of the answer */
    static int post(JenkinsRule j, String user, WorkflowRun b, String action, String... params) throws Exception {
        JenkinsRule.WebClient wc = j.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        wc.login(user);
        WebRequest req = new WebRequest(
                new URL(j.getURL(), b.getUrl() + ImageReviewAction.URL_NAME + "/" + action), HttpMethod.POST);
        List<NameValuePair> form = new ArrayList<>();
        for (int i = 0; i < params.length; i += 2) {
            form.add(new NameValuePair(params[i], params[i + 1]));
        }
        req.setRequestParameters(form);
        wc.addCrumb(req);
        try {
            return wc.getPage(req).getWebResponse().getStatusCode();
        } catch (FailingHttpStatusCodeException e) {
            return e.getStatusCode();
        }
    }
}
