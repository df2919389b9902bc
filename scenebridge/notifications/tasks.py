from django_tasks import task

from scenebridge.notifications.services import notification_email_send


@task()
def send_notification_email(notification_id: int) -> bool:
    return notification_email_send(notification_id)
