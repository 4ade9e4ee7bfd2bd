// Subscriber of the card exchanges the relay publishes; all logic lives in the handler.
trigger CardExchangeTrigger on CardExchange__e(after insert) {
    new CardExchangeTriggerHandler().handle(Trigger.new);
}
