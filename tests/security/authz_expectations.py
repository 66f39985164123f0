"""The declared answers of every URL to every role, checked by test_authorization_walk.py.

Each URL name maps "METHOD variant" (the variant names the object filling the URL, see
walk.py) to the answers of the roles in this order:

    anonymous  employee  author  other_correspondent  community_manager  executive  suspended

Tokens: an HTTP status, or L for a redirect to a sign-in page. 404 for an unpublished idea
of someone else is deliberate: it does not exist as far as they can tell. A hidden idea is
listed nowhere and its page shows colleagues only a notice (200, checked for leaks by the
walk); its moderation and evaluation pages answer 403 to those who may not read it.

The walk runs with the test settings (MFA requirement off; it is proven by
tests/accounts/test_mfa.py). POSTs are sent empty, so "400" means "allowed to try, refused
for the missing data" — except where the API validates the body before the permission
(api:challenges-shortlist/-winners, api:idea-transition on published ideas): those answer
400 to everyone and refuse a valid body with 403 (tests/api/).

To declare a new URL: run the walk, read the observed rows the failure prints, check each
role's answer against the rules, and paste them here.
"""

# Namespaces of apps being added today, whose URLs are declared as they land; a URL of any
# other namespace without a declaration fails the walk.
LANDING_TODAY: set[str] = set()


def _admin(name, key):
    # Nobody among the roles is staff: every admin page sends them to the admin's sign-in,
    # which sends visitors on to the site's sign-in and refuses the signed-in (accounts.views).
    if name == "admin:login":
        return "L 403 403 403 403 403 403"
    return "L L L L L L L"


NAMESPACE_DEFAULTS = {"admin": _admin}

EXPECTED = {
    'admin_sign_in': {
        'GET': 'L 403 403 403 403 403 403',
        'POST': '405 405 405 405 405 405 405',
    },
    'account_change_password': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 200 200 200 200 200 200',
    },
    'account_confirm_email': {
        'GET bogus-key': '200 200 200 200 200 200 200',
        'POST bogus-key': '404 404 404 404 404 404 404',
    },
    'account_confirm_login_code': {
        'GET': 'L 302 302 302 302 302 302',
        'POST': 'L 302 302 302 302 302 302',
    },
    'account_email': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 302 302 302 302 302 302',
    },
    'account_email_verification_sent': {
        'GET': '200 200 200 200 200 200 200',
        'POST': '405 405 405 405 405 405 405',
    },
    'account_inactive': {
        'GET': '200 200 200 200 200 200 200',
        'POST': '405 405 405 405 405 405 405',
    },
    'account_login': {
        'GET': '200 302 302 302 302 302 302',
        'POST': '200 302 302 302 302 302 302',
    },
    'account_logout': {
        'GET': '302 200 200 200 200 200 200',
        'POST': '302 302 302 302 302 302 302',
    },
    'account_reauthenticate': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 200 200 200 200 200 200',
    },
    'account_reset_password': {
        'GET': '200 200 200 200 200 200 200',
        'POST': '200 200 200 200 200 200 200',
    },
    'account_reset_password_done': {
        'GET': '200 200 200 200 200 200 200',
        'POST': '405 405 405 405 405 405 405',
    },
    'account_reset_password_from_key': {
        'GET bogus-key': '200 200 200 200 200 200 200',
        'POST bogus-key': '200 200 200 200 200 200 200',
    },
    'account_reset_password_from_key_done': {
        'GET': '200 200 200 200 200 200 200',
        'POST': '405 405 405 405 405 405 405',
    },
    'account_set_password': {
        'GET': 'L 302 302 302 302 302 302',
        'POST': 'L 302 302 302 302 302 302',
    },
    'account_signup': {
        'GET': '200 302 302 302 302 302 302',
        'POST': '200 302 302 302 302 302 302',
    },
    'accounts:api_token_revoke': {
        "GET author's": 'L 405 405 405 405 405 405',
        "POST author's": 'L 404 302 404 404 404 404',
    },
    'accounts:api_tokens': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 200 200 200 200 200 200',
    },
    'accounts:avatar': {
        'GET author:thumb': 'L 404 404 404 404 404 404',
        'POST author:thumb': 'L 405 405 405 405 405 405',
    },
    'accounts:erase_person': {
        'GET author': 'L 403 302 403 403 403 403',
        'POST author': 'L 403 302 403 403 403 403',
    },
    'accounts:my_data': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 200 200 200 200 200 200',
    },
    'accounts:my_data_export': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'accounts:profile': {
        'GET author': 'L 200 200 200 200 200 200',
        'POST author': 'L 405 405 405 405 405 405',
    },
    'accounts:profile_edit': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 200 200 200 200 200 200',
    },
    'accounts:set_language': {
        'GET': '405 405 405 405 405 405 405',
        'POST': '302 302 302 302 302 302 302',
    },
    'api:challenges-detail': {
        'GET challenge': '401 200 200 200 200 200 200',
    },
    'api:challenges-list': {
        'GET': '401 200 200 200 200 200 200',
    },
    'api:challenges-shortlist': {
        'GET challenge': '401 405 405 405 405 405 405',
        'POST challenge': '401 400 400 400 400 400 400',
    },
    'api:challenges-winners': {
        'GET challenge': '401 405 405 405 405 405 405',
        'POST challenge': '401 400 400 400 400 400 400',
    },
    'api:docs': {
        'GET': '200 200 200 200 200 200 200',
    },
    'api:entities': {
        'GET': '401 200 200 200 200 200 200',
    },
    'api:evaluation-submit': {
        'GET evaluation': '401 405 405 405 405 405 405',
        'POST evaluation': '401 400 404 404 404 404 404',
    },
    'api:evaluations': {
        'GET': '401 200 200 200 200 200 200',
    },
    'api:idea-comment': {
        'GET comment': '401 200 200 200 200 200 200',
        'PATCH comment': '401 400 400 400 400 400 400',
        'DELETE comment': '401 204 403 403 204 403 403',
        'GET hidden_comment': '401 200 200 200 200 200 200',
        'PATCH hidden_comment': '401 400 400 400 400 400 400',
        'DELETE hidden_comment': '401 204 403 403 204 403 403',
    },
    'api:idea-comments': {
        'GET draft': '401 404 200 404 404 404 404',
        'POST draft': '401 404 400 404 404 404 404',
        'GET submitted': '401 404 200 404 200 404 404',
        'POST submitted': '401 404 400 404 400 404 404',
        'GET published': '401 200 200 200 200 200 200',
        'POST published': '401 400 400 400 400 400 400',
        'GET hidden': '401 404 200 404 200 404 404',
        'POST hidden': '401 404 400 404 400 404 404',
    },
    'api:idea-evaluations': {
        'GET draft': '401 404 403 404 404 404 404',
        'POST draft': '401 404 400 404 404 404 404',
        'GET submitted': '401 404 403 404 200 404 404',
        'POST submitted': '401 404 400 404 400 404 404',
        'GET published': '401 403 403 403 200 200 403',
        'POST published': '401 400 400 400 400 400 400',
        'GET hidden': '401 403 403 403 200 403 403',
        'POST hidden': '401 400 400 400 400 400 400',
    },
    'api:idea-follow': {
        'GET draft': '401 405 405 405 405 405 405',
        'PUT draft': '401 404 200 404 404 404 404',
        'DELETE draft': '401 404 200 404 404 404 404',
        'GET submitted': '401 405 405 405 405 405 405',
        'PUT submitted': '401 404 200 404 200 404 404',
        'DELETE submitted': '401 404 200 404 200 404 404',
        'GET published': '401 405 405 405 405 405 405',
        'PUT published': '401 200 200 200 200 200 200',
        'DELETE published': '401 200 200 200 200 200 200',
        'GET hidden': '401 405 405 405 405 405 405',
        'PUT hidden': '401 403 403 403 403 403 403',
        'DELETE hidden': '401 200 200 200 200 200 200',
    },
    'api:idea-transition': {
        'GET draft': '401 405 405 405 405 405 405',
        'POST draft': '401 404 400 404 404 404 404',
        'GET submitted': '401 405 405 405 405 405 405',
        'POST submitted': '401 404 400 404 400 404 404',
        'GET published': '401 405 405 405 405 405 405',
        'POST published': '401 400 400 400 400 400 400',
        'GET hidden': '401 405 405 405 405 405 405',
        'POST hidden': '401 400 400 400 400 400 400',
    },
    'api:idea-vote': {
        'GET draft': '401 405 405 405 405 405 405',
        'PUT draft': '401 404 403 404 404 404 404',
        'DELETE draft': '401 404 403 404 404 404 404',
        'GET submitted': '401 405 405 405 405 405 405',
        'PUT submitted': '401 404 403 404 403 404 404',
        'DELETE submitted': '401 404 403 404 403 404 404',
        'GET published': '401 405 405 405 405 405 405',
        'PUT published': '401 200 403 200 200 200 403',
        'DELETE published': '401 200 200 200 200 200 403',
        'GET hidden': '401 405 405 405 405 405 405',
        'PUT hidden': '401 403 403 403 403 403 403',
        'DELETE hidden': '401 403 403 403 403 403 403',
    },
    'api:ideas-detail': {
        'GET draft': '401 404 200 404 404 404 404',
        'PUT draft': '401 404 400 404 404 404 404',
        'PATCH draft': '401 404 428 404 404 404 404',
        'DELETE draft': '401 404 204 404 404 404 404',
        'GET submitted': '401 404 200 404 200 404 404',
        'PUT submitted': '401 404 400 404 400 404 404',
        'PATCH submitted': '401 404 403 404 403 404 404',
        'DELETE submitted': '401 404 403 404 403 404 404',
        'GET published': '401 200 200 200 200 200 200',
        'PUT published': '401 400 400 400 400 400 400',
        'PATCH published': '401 403 403 403 403 403 403',
        'DELETE published': '401 403 403 403 403 403 403',
        'GET hidden': '401 200 200 200 200 200 200',
        'PUT hidden': '401 400 400 400 400 400 400',
        'PATCH hidden': '401 403 403 403 403 403 403',
        'DELETE hidden': '401 403 403 403 403 403 403',
    },
    'api:ideas-list': {
        'GET': '401 200 200 200 200 200 200',
        'GET ?q=Quokka': '401 200 200 200 200 200 200',
        'GET ?q=Pangolin': '401 200 200 200 200 200 200',
        'GET ?stage=draft': '401 200 200 200 200 200 200',
        'GET ?stage=submitted': '401 200 200 200 200 200 200',
        'GET ?mine=true': '401 200 200 200 200 200 200',
        'POST': '401 400 400 400 400 400 400',
    },
    'api:ideas-similar': {
        'GET': '401 200 200 200 200 200 200',
    },
    'api:ideas-submit': {
        'GET draft': '401 405 405 405 405 405 405',
        'POST draft': '401 404 200 404 404 404 404',
        'GET submitted': '401 405 405 405 405 405 405',
        'POST submitted': '401 404 409 404 409 404 404',
        'GET published': '401 405 405 405 405 405 405',
        'POST published': '401 409 409 409 409 409 409',
        'GET hidden': '401 405 405 405 405 405 405',
        'POST hidden': '401 409 409 409 409 409 409',
    },
    'api:me': {
        'GET': '401 200 200 200 200 200 200',
    },
    'api:me-export': {
        'GET': '401 200 200 200 200 200 200',
    },
    'api:moderation-decision': {
        'GET draft': '401 405 405 405 405 405 405',
        'POST draft': '401 404 400 404 404 404 404',
        'GET submitted': '401 405 405 405 405 405 405',
        'POST submitted': '401 404 400 404 400 404 404',
        'GET published': '401 405 405 405 405 405 405',
        'POST published': '401 400 400 400 400 400 400',
        'GET hidden': '401 405 405 405 405 405 405',
        'POST hidden': '401 400 400 400 400 400 400',
    },
    'api:moderation-queue': {
        'GET': '401 403 403 200 200 403 403',
    },
    'api:notification-read': {
        "GET employee's": '401 405 405 405 405 405 405',
        "POST employee's": '401 200 404 404 404 404 404',
    },
    'api:notifications': {
        'GET': '401 200 200 200 200 200 200',
    },
    'api:notifications-read-all': {
        'GET': '401 405 405 405 405 405 405',
        'POST': '401 200 200 200 200 200 200',
    },
    'api:schema': {
        'GET': '200 200 200 200 200 200 200',
    },
    'api:themes-detail': {
        'GET theme': '401 200 200 200 200 200 200',
    },
    'api:themes-list': {
        'GET': '401 200 200 200 200 200 200',
    },
    'gamification:leaderboard': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'gamification:segment_members': {
        'GET regular': 'L 403 403 403 200 403 403',
        'POST regular': 'L 405 405 405 405 405 405',
    },
    'gamification:segment_message': {
        'GET regular': 'L 403 403 403 200 403 403',
        'POST regular': 'L 403 403 403 400 403 403',
    },
    'gamification:segments': {
        'GET': 'L 403 403 403 200 403 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'gamification:snapshot': {
        'GET': 'L 405 405 405 405 405 405',
        'POST': 'L 403 403 403 302 403 403',
    },
    'home': {
        'GET': '302 302 302 302 302 302 302',
        'POST': '302 302 302 302 302 302 302',
    },
    'ideas:challenge_create': {
        'GET': 'L 403 403 403 200 200 403',
        'POST': 'L 403 403 403 200 200 403',
    },
    'ideas:challenge_detail': {
        'GET challenge': 'L 200 200 200 200 200 200',
        'POST challenge': 'L 405 405 405 405 405 405',
    },
    'ideas:challenge_evaluate': {
        'GET challenge': 'L 403 403 403 403 403 403',
        'POST challenge': 'L 403 403 403 403 403 403',
    },
    'ideas:challenge_list': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'ideas:challenge_results': {
        'GET challenge': 'L 404 404 404 404 404 404',
        'POST challenge': 'L 405 405 405 405 405 405',
    },
    'ideas:challenge_update': {
        'GET challenge': 'L 403 403 403 200 200 403',
        'POST challenge': 'L 403 403 403 200 200 403',
    },
    'ideas:comment': {
        'GET draft': 'L 405 405 405 405 405 405',
        'POST draft': 'L 404 302 404 404 404 404',
        'GET submitted': 'L 405 405 405 405 405 405',
        'POST submitted': 'L 404 302 404 302 404 404',
        'GET published': 'L 405 405 405 405 405 405',
        'POST published': 'L 302 302 302 302 302 302',
        'GET hidden': 'L 405 405 405 405 405 405',
        'POST hidden': 'L 302 302 302 302 302 302',
    },
    'ideas:comment_delete': {
        'GET comment': 'L 405 405 405 405 405 405',
        'POST comment': 'L 302 403 403 302 403 403',
        'GET hidden_comment': 'L 405 405 405 405 405 405',
        'POST hidden_comment': 'L 302 403 403 302 403 403',
    },
    'ideas:comment_edit': {
        'GET comment': 'L 200 403 403 403 403 403',
        'POST comment': 'L 200 403 403 403 403 403',
        'GET hidden_comment': 'L 403 403 403 403 403 403',
        'POST hidden_comment': 'L 403 403 403 403 403 403',
    },
    'ideas:comment_helpful': {
        'GET comment': 'L 405 405 405 405 405 405',
        'POST comment': 'L 403 302 403 403 403 403',
        'GET hidden_comment': 'L 405 405 405 405 405 405',
        'POST hidden_comment': 'L 403 403 403 403 403 403',
    },
    'ideas:create': {
        'GET': 'L 200 200 200 200 200 403',
        'POST': 'L 200 200 200 200 200 403',
    },
    'ideas:delete': {
        'GET draft': 'L 405 405 405 405 405 405',
        'POST draft': 'L 404 302 404 404 404 404',
        'GET submitted': 'L 405 405 405 405 405 405',
        'POST submitted': 'L 404 403 404 403 404 404',
        'GET published': 'L 405 405 405 405 405 405',
        'POST published': 'L 403 403 403 403 403 403',
        'GET hidden': 'L 405 405 405 405 405 405',
        'POST hidden': 'L 403 403 403 403 403 403',
    },
    'ideas:detail': {
        'GET draft': 'L 404 200 404 404 404 404',
        'POST draft': 'L 405 405 405 405 405 405',
        'GET submitted': 'L 404 200 404 200 404 404',
        'POST submitted': 'L 405 405 405 405 405 405',
        'GET published': 'L 200 200 200 200 200 200',
        'POST published': 'L 405 405 405 405 405 405',
        'GET hidden': 'L 200 200 200 200 200 200',
        'POST hidden': 'L 405 405 405 405 405 405',
    },
    'ideas:image': {
        'GET draft:thumb': 'L 404 200 404 404 404 404',
        'POST draft:thumb': 'L 405 405 405 405 405 405',
        'GET published:thumb': 'L 200 200 200 200 200 200',
        'POST published:thumb': 'L 405 405 405 405 405 405',
    },
    'ideas:list': {
        'GET': 'L 200 200 200 200 200 200',
        'GET ?q=Quokka': 'L 200 200 200 200 200 200',
        'GET ?q=Narwhal': 'L 200 200 200 200 200 200',
        'GET ?q=Pangolin': 'L 200 200 200 200 200 200',
        'GET ?stage=draft': 'L 200 200 200 200 200 200',
        'GET ?stage=submitted': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'ideas:mine': {
        'GET': 'L 200 200 200 200 200 200',
        'GET ?stage=draft': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'ideas:reveal_author': {
        'GET draft': 'L 405 405 405 405 405 405',
        'POST draft': 'L 403 403 403 403 403 403',
        'GET submitted': 'L 405 405 405 405 405 405',
        'POST submitted': 'L 403 403 403 403 403 403',
        'GET published': 'L 405 405 405 405 405 405',
        'POST published': 'L 403 403 403 403 403 403',
        'GET hidden': 'L 405 405 405 405 405 405',
        'POST hidden': 'L 403 403 403 403 403 403',
    },
    'ideas:similar': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'ideas:submit': {
        'GET draft': 'L 405 405 405 405 405 405',
        'POST draft': 'L 404 302 404 404 404 404',
        'GET submitted': 'L 405 405 405 405 405 405',
        'POST submitted': 'L 404 302 404 302 404 404',
        'GET published': 'L 405 405 405 405 405 405',
        'POST published': 'L 302 302 302 302 302 302',
        'GET hidden': 'L 405 405 405 405 405 405',
        'POST hidden': 'L 302 302 302 302 302 302',
    },
    'ideas:support': {
        'GET draft': 'L 405 405 405 405 405 405',
        'POST draft': 'L 404 403 404 404 404 404',
        'GET submitted': 'L 405 405 405 405 405 405',
        'POST submitted': 'L 404 403 404 403 404 404',
        'GET published': 'L 405 405 405 405 405 405',
        'POST published': 'L 302 403 302 302 302 403',
        'GET hidden': 'L 405 405 405 405 405 405',
        'POST hidden': 'L 403 403 403 403 403 403',
    },
    'ideas:update': {
        'GET draft': 'L 404 200 404 404 404 404',
        'POST draft': 'L 404 200 404 404 404 404',
        'GET submitted': 'L 404 403 404 403 404 404',
        'POST submitted': 'L 404 403 404 403 404 404',
        'GET published': 'L 403 403 403 403 403 403',
        'POST published': 'L 403 403 403 403 403 403',
        'GET hidden': 'L 403 403 403 403 403 403',
        'POST hidden': 'L 403 403 403 403 403 403',
    },
    'mfa_activate_totp': {
        'GET': 'L 302 302 302 302 302 302',
        'POST': 'L 302 302 302 302 302 302',
    },
    'mfa_authenticate': {
        'GET': 'L 302 302 302 302 302 302',
        'POST': 'L 302 302 302 302 302 302',
    },
    'mfa_deactivate_totp': {
        'GET': 'L 404 404 404 404 404 404',
        'POST': 'L 404 404 404 404 404 404',
    },
    'mfa_download_recovery_codes': {
        'GET': 'L 404 404 404 404 404 404',
        'POST': 'L 404 404 404 404 404 404',
    },
    'mfa_generate_recovery_codes': {
        'GET': 'L 302 302 302 302 302 302',
        'POST': 'L 302 302 302 302 302 302',
    },
    'mfa_index': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'mfa_reauthenticate': {
        'GET': 'L 302 302 302 302 302 302',
        'POST': 'L 302 302 302 302 302 302',
    },
    'mfa_view_recovery_codes': {
        'GET': 'L 404 404 404 404 404 404',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:audit': {
        'GET': 'L 403 403 403 200 403 403',
        'GET ?q=Pangolin': 'L 403 403 403 200 403 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:audit_export': {
        'GET': 'L 403 403 403 200 403 403',
        'GET ?q=Pangolin': 'L 403 403 403 200 403 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:bulk_approve': {
        'GET': 'L 405 405 405 405 405 405',
        'POST': 'L 403 403 302 302 403 403',
    },
    'moderation:console': {
        'GET': 'L 403 403 200 200 200 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:decide': {
        'GET submitted': 'L 405 405 405 405 405 405',
        'POST submitted': 'L 404 403 404 302 404 404',
        'GET published': 'L 405 405 405 405 405 405',
        'POST published': 'L 302 302 302 302 302 302',
    },
    'moderation:evaluation': {
        'GET evaluation': 'L 200 404 404 404 404 404',
        'POST evaluation': 'L 400 404 404 404 404 404',
    },
    'moderation:evaluations': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:flag': {
        'GET idea:published': 'L 200 403 200 200 200 403',
        'POST idea:published': 'L 200 403 200 200 200 403',
        'GET idea:hidden': 'L 403 403 403 403 403 403',
        'POST idea:hidden': 'L 403 403 403 403 403 403',
        'GET idea:draft': 'L 404 403 404 404 404 404',
        'POST idea:draft': 'L 404 403 404 404 404 404',
        'GET comment:comment': 'L 403 200 200 200 200 403',
        'POST comment:comment': 'L 403 200 200 200 200 403',
        'GET comment:hidden_comment': 'L 403 403 403 200 403 403',
        'POST comment:hidden_comment': 'L 403 403 403 200 403 403',
    },
    'moderation:flags': {
        'GET': 'L 403 403 403 200 403 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:hide': {
        'GET idea:published': 'L 403 403 403 200 403 403',
        'POST idea:published': 'L 403 403 403 200 403 403',
        'GET idea:hidden': 'L 403 403 403 200 403 403',
        'POST idea:hidden': 'L 403 403 403 200 403 403',
        'GET idea:draft': 'L 404 403 404 404 404 404',
        'POST idea:draft': 'L 404 403 404 404 404 404',
        'GET comment:comment': 'L 403 403 403 200 403 403',
        'POST comment:comment': 'L 403 403 403 200 403 403',
        'GET comment:hidden_comment': 'L 403 403 403 200 403 403',
        'POST comment:hidden_comment': 'L 403 403 403 200 403 403',
    },
    'moderation:idea_evaluations': {
        'GET draft': 'L 404 403 404 404 404 404',
        'POST draft': 'L 404 403 404 404 404 404',
        'GET submitted': 'L 404 403 404 200 404 404',
        'POST submitted': 'L 404 403 404 403 404 404',
        'GET published': 'L 403 403 403 200 200 403',
        'POST published': 'L 403 403 403 403 403 403',
        'GET hidden': 'L 403 403 403 200 403 403',
        'POST hidden': 'L 403 403 403 403 403 403',
    },
    'moderation:lift_suspension': {
        'GET author': 'L 405 405 405 405 405 405',
        'POST author': 'L 403 403 403 302 403 403',
    },
    'moderation:merge': {
        'GET draft': 'L 404 403 404 404 404 404',
        'POST draft': 'L 404 403 404 404 404 404',
        'GET submitted': 'L 404 403 404 403 404 404',
        'POST submitted': 'L 404 403 404 403 404 404',
        'GET published': 'L 403 403 403 200 403 403',
        'POST published': 'L 403 403 403 200 403 403',
        'GET hidden': 'L 403 403 403 200 403 403',
        'POST hidden': 'L 403 403 403 200 403 403',
    },
    'moderation:owner_search': {
        'GET': 'L 403 403 200 200 200 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:pipeline': {
        'GET': 'L 403 403 200 200 200 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:pipeline_decide': {
        'GET draft': 'L 404 403 404 404 404 404',
        'POST draft': 'L 404 403 404 404 404 404',
        'GET submitted': 'L 404 403 404 403 404 404',
        'POST submitted': 'L 404 403 404 400 404 404',
        'GET published': 'L 403 403 403 200 403 403',
        'POST published': 'L 403 403 400 400 400 403',
        'GET hidden': 'L 403 403 403 403 403 403',
        'POST hidden': 'L 403 403 403 400 403 403',
    },
    'moderation:queue': {
        'GET': 'L 403 403 200 200 403 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:restore': {
        'GET idea:published': 'L 405 405 405 405 405 405',
        'POST idea:published': 'L 403 403 403 302 403 403',
        'GET idea:hidden': 'L 405 405 405 405 405 405',
        'POST idea:hidden': 'L 403 403 403 302 403 403',
        'GET idea:draft': 'L 405 405 405 405 405 405',
        'POST idea:draft': 'L 404 403 404 404 404 404',
        'GET comment:comment': 'L 405 405 405 405 405 405',
        'POST comment:comment': 'L 403 403 403 302 403 403',
        'GET comment:hidden_comment': 'L 405 405 405 405 405 405',
        'POST comment:hidden_comment': 'L 403 403 403 302 403 403',
    },
    'moderation:revise': {
        'GET draft': 'L 404 403 404 404 404 404',
        'POST draft': 'L 404 403 404 404 404 404',
        'GET submitted': 'L 404 403 404 200 404 404',
        'POST submitted': 'L 404 403 404 200 404 404',
        'GET published': 'L 403 403 403 200 403 403',
        'POST published': 'L 403 403 403 200 403 403',
        'GET hidden': 'L 403 403 403 200 403 403',
        'POST hidden': 'L 403 403 403 200 403 403',
    },
    'moderation:sanction': {
        'GET author': 'L 403 403 403 200 403 403',
        'POST author': 'L 403 403 403 200 403 403',
    },
    'moderation:sanctions': {
        'GET': 'L 403 403 403 200 403 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'moderation:undo_merge': {
        'GET draft': 'L 404 403 404 404 404 404',
        'POST draft': 'L 404 403 404 404 404 404',
        'GET submitted': 'L 404 403 404 403 404 404',
        'POST submitted': 'L 404 403 404 403 404 404',
        'GET published': 'L 403 403 403 403 403 403',
        'POST published': 'L 403 403 403 403 403 403',
        'GET hidden': 'L 403 403 403 403 403 403',
        'POST hidden': 'L 403 403 403 403 403 403',
    },
    'notifications:comment_fragment': {
        'GET comment': 'L 200 200 200 200 200 200',
        'POST comment': 'L 405 405 405 405 405 405',
        'GET hidden_comment': 'L 200 200 200 200 200 200',
        'POST hidden_comment': 'L 405 405 405 405 405 405',
    },
    'notifications:follow': {
        'GET draft': 'L 405 405 405 405 405 405',
        'POST draft': 'L 404 400 404 404 404 404',
        'GET submitted': 'L 405 405 405 405 405 405',
        'POST submitted': 'L 404 400 404 400 404 404',
        'GET published': 'L 405 405 405 405 405 405',
        'POST published': 'L 400 400 400 400 400 400',
        'GET hidden': 'L 405 405 405 405 405 405',
        'POST hidden': 'L 404 400 404 400 404 404',
    },
    'notifications:following': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'notifications:list': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'notifications:people': {
        'GET': 'L 200 200 200 200 200 200',
        'GET ?q=Al': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    'notifications:preferences': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 200 200 200 200 200 200',
    },
    'notifications:read': {
        "GET employee's": 'L 405 405 405 405 405 405',
        "POST employee's": 'L 302 404 404 404 404 404',
    },
    'notifications:read_all': {
        'GET': 'L 405 405 405 405 405 405',
        'POST': 'L 302 302 302 302 302 302',
    },
    'notifications:unread': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 405 405 405 405 405 405',
    },
    # The e-mail's unsubscribe link works without signing in; a forged token changes nothing.
    'notifications:unsubscribe': {
        'GET bogus-token': '400 400 400 400 400 400 400',
        "GET employee's": '200 200 200 200 200 200 200',
        'POST bogus-token': '400 400 400 400 400 400 400',
        "POST employee's": '200 200 200 200 200 200 200',
    },
    'openid_connect_callback': {
        'GET company': '404 404 404 404 404 404 404',
        'POST company': '404 404 404 404 404 404 404',
    },
    'openid_connect_login': {
        'GET company': '404 404 404 404 404 404 404',
        'POST company': '404 404 404 404 404 404 404',
    },
    'reports:export': {
        'GET stuck.csv': 'L 403 403 403 200 200 403',
        'POST stuck.csv': 'L 405 405 405 405 405 405',
        'GET potential.csv': 'L 403 403 403 200 200 403',
        'POST potential.csv': 'L 405 405 405 405 405 405',
        'GET all.xlsx': 'L 403 403 403 200 200 403',
        'POST all.xlsx': 'L 405 405 405 405 405 405',
    },
    'reports:report': {
        'GET': 'L 403 403 403 200 200 403',
        'POST': 'L 405 405 405 405 405 405',
    },
    'socialaccount_connections': {
        'GET': 'L 200 200 200 200 200 200',
        'POST': 'L 200 200 200 200 200 200',
    },
    'socialaccount_login_cancelled': {
        'GET': '200 200 200 200 200 200 200',
        'POST': '405 405 405 405 405 405 405',
    },
    'socialaccount_login_error': {
        'GET': '401 401 401 401 401 401 401',
        'POST': '405 405 405 405 405 405 405',
    },
    'socialaccount_signup': {
        'GET': 'L L L L L L L',
        'POST': 'L L L L L L L',
    },
    # Outgoing webhooks: community managers (and administrators) only.
    'webhooks:delete': {
        'GET webhook': 'L 405 405 405 405 405 405',
        'POST webhook': 'L 403 403 403 302 403 403',
    },
    'webhooks:enable': {
        'GET webhook': 'L 405 405 405 405 405 405',
        'POST webhook': 'L 403 403 403 302 403 403',
    },
    'webhooks:endpoint': {
        'GET webhook': 'L 403 403 403 200 403 403',
        'POST webhook': 'L 403 403 403 200 403 403',
    },
    'webhooks:endpoints': {
        'GET': 'L 403 403 403 200 403 403',
        'POST': 'L 403 403 403 200 403 403',
    },
    'webhooks:test': {
        'GET webhook': 'L 405 405 405 405 405 405',
        'POST webhook': 'L 403 403 403 302 403 403',
    },
}
