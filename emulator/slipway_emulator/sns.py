"""SNS: email subscriptions pending until confirmed; authorization on topics."""

from moto.core.responses import ActionResult
from moto.sns.models import SNSBackend
from moto.sns.responses import SNSResponse

from slipway_emulator import authorization


_original_sns_subscribe = SNSBackend.subscribe
_original_sns_list_subscriptions = SNSResponse.list_subscriptions
_original_sns_list_subscriptions_by_topic = SNSResponse.list_subscriptions_by_topic
_original_sns_subscribe_response = SNSResponse.subscribe
_original_sns_get_topic_attributes = SNSResponse.get_topic_attributes


def _sns_subscribe(self, topic_arn, endpoint, protocol):
    known = self._find_subscription(topic_arn, endpoint, protocol)
    subscription = _original_sns_subscribe(self, topic_arn, endpoint, protocol)
    if known is None and protocol in ("email", "email-json"):
        subscription._pending = True
        subscription.attributes["PendingConfirmation"] = True
        subscription.attributes["ConfirmationWasAuthenticated"] = False
    return subscription


def _pending(subscription):
    return getattr(subscription, "_pending", False)


def _sns_subscribe_response(self):
    result = _original_sns_subscribe_response(self)
    found = self.backend._find_subscription(self._get_param("TopicArn"), self._get_param("Endpoint"),
                                            self._get_param("Protocol"))
    if found is not None and _pending(found) and not self._get_bool_param("ReturnSubscriptionArn", False):
        return ActionResult({"SubscriptionArn": "pending confirmation"})
    return result


def _listed_subscription(subscription):
    return {"SubscriptionArn": "PendingConfirmation" if _pending(subscription) else subscription.arn,
            "Owner": subscription.owner, "Protocol": subscription.protocol, "Endpoint": subscription.endpoint,
            "TopicArn": subscription.topic.arn}


def _sns_list(original):
    def listing(self):
        result = original(self)
        body = result.result if hasattr(result, "result") else None
        if isinstance(body, dict) and "Subscriptions" in body:
            body["Subscriptions"] = [_listed_subscription(s) for s in body["Subscriptions"]]
        return result
    return listing


def _sns_get_topic_attributes(self):
    result = _original_sns_get_topic_attributes(self)
    body = result.result if hasattr(result, "result") else None
    topic_arn = self._get_param("TopicArn")
    if isinstance(body, dict) and isinstance(body.get("Attributes"), dict):
        subscriptions = [s for s in self.backend.subscriptions.values() if s.topic.arn == topic_arn]
        body["Attributes"]["SubscriptionsPending"] = str(sum(1 for s in subscriptions if _pending(s)))
        body["Attributes"]["SubscriptionsConfirmed"] = str(sum(1 for s in subscriptions if not _pending(s)))
    return result


def confirm_subscription(body, account="123456789012"):
    """POST /_slipway/confirm-subscription: the subscription's ARN, or None when none is pending."""
    from moto.sns.models import sns_backends
    topic_arn = body.get("topicArn", "")
    parts = topic_arn.split(":")
    if len(parts) < 6:
        return None
    backend = sns_backends[parts[4]][parts[3]]
    for subscription in backend.subscriptions.values():
        if subscription.topic.arn == topic_arn and subscription.endpoint == body.get("endpoint") and _pending(subscription):
            subscription._pending = False
            subscription.attributes["PendingConfirmation"] = False
            subscription.confirmed = True
            return subscription.arn
    return None


def _sns_resources(response, action, body):
    param = response._get_param
    implicit = []
    if action == "CreateTopic":
        arn = authorization._arn(response, "sns", param("Name") or "")
        if any(k.startswith("Tags.member") for k in (response.querystring or {})):
            implicit.append(("sns:TagResource", arn, None))
        return [arn], implicit
    if action in ("TagResource", "UntagResource", "ListTagsForResource"):
        return [param("ResourceArn") or "*"], implicit
    if param("TopicArn"):
        return [param("TopicArn")], implicit
    subscription = param("SubscriptionArn")
    if subscription and subscription.count(":") >= 6:
        return [subscription.rsplit(":", 1)[0]], implicit
    return None, implicit
